// Wasm memory grows only before the first perturbed batch (DESIGN §3): a grow would
// detach every view handed to forward. These tests keep every batch tensor forward
// receives and check, at each later call, that none was detached and all still share
// the run's one memory; and that a buffer is not rewritten while a call holds it.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type Tensor, type ForwardFunction } from "../src/index.ts";
import { scenario } from "./support/scenarios.ts";

test.before(async () => {
  await init();
});

/** A forward that checks, at every perturbed call, that no earlier batch view was detached. */
function watchingForward(inner: (...args: any[]) => unknown, inputCount: number, inputs: Tensor[]) {
  const seen: Float32Array[] = [];
  let memory: ArrayBufferLike | null = null;
  let unperturbed = true;
  const forward = (...args: unknown[]) => {
    const views = args.slice(0, inputCount).map((arg) => (arg as Tensor).data);
    if (unperturbed) { // the first call: copies of the inputs, not wasm views
      unperturbed = false;
      return inner(...args);
    }
    memory ??= views[0].buffer;
    for (const view of [...seen, ...views]) {
      assert.ok(view.buffer.byteLength > 0, "a batch view was detached by a memory grow");
      assert.ok(view.buffer === memory, "a batch view lives in a different memory than the run's first batch");
    }
    seen.push(...views);
    return inner(...args);
  };
  return { forward, calls: () => seen.length };
}

test("no batch view is detached during a run (random calls, sync and async, any concurrency)", async () => {
  await fc.assert(
    fc.asyncProperty(scenario(), async (s) => {
      const watch = watchingForward(s.forward, s.inputs.length, s.inputs);
      const inputs = s.isTuple ? s.inputs : s.inputs[0];
      if (s.async) await new Occlusion((async (...args: unknown[]) => watch.forward(...args)) as ForwardFunction).attribute(inputs, s.options);
      else new Occlusion(watch.forward as ForwardFunction).attributeSync(inputs, s.options);
    }),
    { numRuns: 200 },
  );
});

test("a nested run inside forward (another kernel instance, grown then) does not detach the outer batch", async () => {
  const input = { data: Float32Array.from({ length: 2 * 3 * 16 * 16 }, (_, index) => Math.sin(index)), shape: [2, 3, 16, 16] };
  const sum = (tensor: Tensor) => Float32Array.from({ length: tensor.shape[0] }, (_, row) => {
    const length = tensor.data.length / tensor.shape[0];
    return tensor.data.subarray(row * length, (row + 1) * length).reduce((a, b) => a + b, 0);
  });
  const nested = new Occlusion(sum);
  const outer = async (batch: Tensor) => {
    const before = Float32Array.from(batch.data);
    const big = { data: new Float32Array(4 * 3 * 64 * 64).fill(1), shape: [4, 3, 64, 64] };
    await nested.attribute(big, { slidingWindowShapes: [3, 32, 32], strides: [3, 32, 32], perturbationsPerEval: 4 });
    assert.ok(batch.data.buffer.byteLength > 0, "the outer batch view was detached");
    assert.equal(Array.from(batch.data), Array.from(before), "the outer batch changed while its call was running");
    return sum(batch);
  };
  const watch = watchingForward(outer, 1, [input]);
  await new Occlusion(watch.forward as ForwardFunction).attribute(input, { slidingWindowShapes: [3, 4, 4], strides: [3, 4, 4], perturbationsPerEval: 3 });
  assert.ok(watch.calls() > 1);
});

test("a batch is not rewritten while its async call holds it (concurrency 3, calls resolve late)", async () => {
  const input = { data: Float32Array.from({ length: 3 * 2 * 9 * 9 }, (_, index) => Math.cos(index)), shape: [3, 2, 9, 9] };
  const forward = async (batch: Tensor) => {
    const before = Float32Array.from(batch.data);
    await new Promise((resolve) => setTimeout(resolve, 1 + (before.length % 3)));
    assert.equal(Array.from(batch.data), Array.from(before), "the batch changed before its call resolved");
    return new Float32Array(batch.shape[0]).fill(batch.data[0]);
  };
  await new Occlusion(forward).attribute(input, { slidingWindowShapes: [2, 3, 3], strides: [1, 2, 2], perturbationsPerEval: 4, concurrency: 3 });
});

test.run();
