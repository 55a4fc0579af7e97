// Every run gives its kernel instance back all zeros, whichever way it ends. The end-of-run
// write check clears the batch buffers as it reads them (kernel clearSameCopies), and
// releasing clears only the bytes before them and the end-of-run scratch
// (src/wasm/session.ts writtenBytes), so each path that leaves data elsewhere (a staged
// tensor baseline, a run that fails before the check) is tried here.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, init, type Tensor } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { assertIdleZero } from "./support/idle-zero.ts";
import { rejectsWith, untilReleased } from "./support/bad-calls.ts";

test.before(async () => {
  await init();
});

/** Sum of each example, weighted by position (every element counts). */
function weighted(...args: unknown[]): Tensor {
  const x = args[0] as Tensor;
  const rows = x.shape[0];
  const per = x.data.length / rows;
  const out = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    for (let i = 0; i < per; i++) out[row] += Number(x.data[row * per + i]) * ((i % 13) + 1);
  }
  return { data: out, shape: [rows] };
}

const floats = (shape: number[]) => ({ data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => 1.5 + (i % 9)), shape });

test("after runs that succeed: scalar and tensor baselines, int32 and int64, two inputs in flight three at a time, a partial record, auto, FeatureAblation", async () => {
  const x = floats([1, 3, 16, 16]);
  const window = { slidingWindowShapes: [3, 4, 4], strides: [3, 2, 2] };
  await new Occlusion(weighted).attribute(x, { ...window, perturbationsPerEval: 4 });
  assertIdleZero("scalar baseline");
  await new Occlusion(weighted).attribute(x, { ...window, baselines: { data: new Float32Array(16).fill(-2.5), shape: [1, 1, 1, 16] } });
  assertIdleZero("a broadcast tensor baseline (staged in the work region)");
  // Staged at the start of the work region, the second input's baseline reaches past the
  // first input's one copy into bytes no copy covers (a partial record: no spread scratch after it).
  await new Occlusion(weighted).attributePartial([floats([1, 2]), floats([1, 40])], {
    slidingWindowShapes: [[1], [5]], strides: [[1], [5]], baselines: [0, { data: new Float32Array(40).fill(-4.5), shape: [1, 40] }],
  });
  assertIdleZero("a staged baseline longer than the slot's first region");
  const ints = { data: Int32Array.from({ length: 64 }, (_, i) => i + 1), shape: [1, 64] };
  await new Occlusion(weighted).attribute(ints, { slidingWindowShapes: [8], strides: [4], baselines: { data: new Int32Array(64).fill(-7), shape: [1, 64] } });
  const longs = { data: BigInt64Array.from({ length: 64 }, (_, i) => BigInt(i) + 2n ** 40n), shape: [1, 64] };
  await new Occlusion(weighted).attribute(longs, { slidingWindowShapes: [8], strides: [4], baselines: { data: new BigInt64Array(64).fill(-1n), shape: [1, 64] } });
  assertIdleZero("int32 and int64 with tensor baselines");
  const slow = async (...args: unknown[]) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return weighted(...args);
  };
  await new Occlusion(slow).attribute([x, floats([1, 40])], { slidingWindowShapes: [[3, 4, 4], [5]], strides: [[3, 4, 4], [5]], perturbationsPerEval: 2, concurrency: 3 });
  assertIdleZero("two inputs, concurrency 3");
  await new Occlusion(weighted).attributePartial(x, { ...window, windows: [0, 20] });
  assertIdleZero("a partial record (no spread)");
  await new Occlusion(weighted).attribute(x, { ...window, perturbationsPerEval: "auto" });
  assertIdleZero("perturbationsPerEval auto");
  const mask = { data: Int32Array.from({ length: 768 }, (_, i) => Math.floor((i % 256) / 32)), shape: [1, 3, 16, 16] };
  await new FeatureAblation(weighted).attribute(x, { featureMask: mask, perturbationsPerEval: 3 });
  assertIdleZero("FeatureAblation");
});

test("after runs that fail: forward throws mid-run, forward writes into its batch, a non-finite tensor baseline, an abort", async () => {
  const x = floats([1, 3, 16, 16]);
  const window = { slidingWindowShapes: [3, 4, 4], strides: [3, 2, 2], perturbationsPerEval: 4 };
  let calls = 0;
  const throwing = (...args: unknown[]) => {
    if (++calls === 4) throw new Error("model failed");
    return weighted(...args);
  };
  await rejectsWith(() => new Occlusion(throwing).attribute(x, window), "FORWARD_FAILED", /model failed/);
  assertIdleZero("forward threw at call 4");
  calls = 0;
  const writing = (...args: unknown[]) => {
    const batch = args[0] as Tensor<Float32Array>;
    if (++calls === 3) batch.data[batch.data.length - 1] += 1; // a corner no later move restores
    return weighted(...args);
  };
  await rejectsWith(() => new Occlusion(writing).attribute(x, window), "FORWARD_WROTE_INPUT", /wrote into its input/);
  assertIdleZero("forward wrote into its batch");
  const baseline = { data: new Float32Array(16).fill(3), shape: [1, 1, 1, 16] };
  baseline.data[5] = NaN;
  await rejectsWith(() => new Occlusion(weighted).attribute(x, { ...window, baselines: baseline }), "INVALID_BASELINE", /NaN or infinite/);
  assertIdleZero("a NaN in the staged baseline");
  const controller = new AbortController();
  calls = 0;
  const aborting = async (...args: unknown[]) => {
    if (++calls === 5) controller.abort();
    return weighted(...args);
  };
  await rejectsWith(() => new Occlusion(aborting).attribute(x, { ...window, signal: controller.signal }), "ABORTED", /abort/i);
  await untilReleased(() => kernelStats().inUse);
  assertIdleZero("aborted after call 5");
});

test("instances reused after the partial clear give the same attributions as fresh ones", async () => {
  const x = floats([1, 3, 16, 16]);
  const options = { slidingWindowShapes: [3, 4, 4], strides: [3, 2, 2], perturbationsPerEval: 4, baselines: { data: new Float32Array(16).fill(-2.5), shape: [1, 1, 1, 16] } };
  const first = await new Occlusion(weighted).attribute(x, options);
  for (let run = 0; run < 3; run++) {
    const again = await new Occlusion(weighted).attribute(x, options);
    assert.equal(Array.from(again.data), Array.from(first.data), `run ${run + 2}`);
  }
  assert.ok(kernelStats().idle >= 1);
});

test.run();
