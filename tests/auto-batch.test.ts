// perturbationsPerEval "auto": the same bits as any fixed size (Captum's vectors, a model
// whose speed depends on the batch size), the size it settles on reported in progress
// events, and long runs (onPartial, abort, resume, coarse-to-fine, shards), concurrency,
// aggregation mode, memory limits and a fixed-batch model all handled.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, OcclusionError, OcclusionPartial, init, mergePartials, type ProgressEvent, type Tensor } from "../src/index.ts";
import { AUTO_SIZES, AutoBatching, DONE, WAIT } from "../src/engine/auto-batch.ts";
import { callOf, isAblation, loadCases, recordingForward } from "./support/conformance.ts";
import { bits, makeInput, model } from "./support/long-run-model.ts";
import { createForwardPool } from "../src/pool/index.ts";
import { decodeValue, encodeOptions } from "../src/queue/codec.ts";

/** 1 x 20 x 20 positions. */
const x = makeInput([1, 2, 40, 40], 3);
const OPTIONS = { slidingWindowShapes: [2, 2, 2], strides: [2, 2, 2], target: 1 };
const WINDOWS = 400;
/** 1 x 30 x 30 positions: enough perturbations to try every size (the trials take at most a quarter of the run). */
const wide = makeInput([1, 2, 60, 60], 4);
const WIDE_WINDOWS = 900;

test.before(async () => {
  await init();
});

const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/**
 * The long-run model, made slow in a way that depends on the batch: a fixed cost per call,
 * a cost per perturbation, and a steep extra cost per perturbation above 16 (as a model
 * that falls out of cache). Per perturbation: 1 -> 8.4 ms, 4 -> 2.4, 16 -> 0.9, 64 -> 1.73.
 * Calls of 8 ms and more, so a loaded machine's scheduling does not decide the order.
 */
function sized(input: Tensor): Tensor {
  const copies = input.shape[0];
  spin(8 + 0.4 * copies + (copies > 16 ? 1.2 * copies : 0));
  return cheap(input);
}

/** A per-example linear model with fixed weights, fast beside the spin (the long-run model's sines are not). */
const WEIGHTS = Float32Array.from({ length: 3 * 2 * 60 * 60 }, (_, at) => Math.sin(at * 0.37));
function cheap(input: Tensor): Tensor {
  const batch = input.shape[0];
  const length = input.data.length / batch;
  const out = new Float32Array(batch * 3);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < 3; k++) {
      let sum = 0;
      for (let i = 0; i < length; i++) sum += WEIGHTS[(k * length + i) % WEIGHTS.length] * input.data[b * length + i];
      out[b * 3 + k] = Math.tanh(sum / 16);
    }
  }
  return { data: out, shape: [batch, 3] };
}

function sameBits(actual: Tensor | Tensor[], expected: Tensor | Tensor[], label: string): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  assert.is(a.length, e.length, label);
  a.forEach((tensor, index) => {
    assert.equal(tensor.shape, e[index].shape, `${label}: shape ${index}`);
    assert.equal(bits(tensor.data), bits(e[index].data), `${label}: bits of attribution ${index}`);
  });
}

test("every Captum vector: auto gives the bits of the vector's fixed size and of size 1, sync and async", async () => {
  let cases = 0;
  for (const testCase of loadCases()) {
    if (testCase.expected.error) continue;
    cases++;
    const { inputs, options } = callOf(testCase);
    const method = (async: boolean) => {
      const { forward, batchSizes } = recordingForward(testCase, async);
      return { method: isAblation(testCase) ? new FeatureAblation(forward) : new Occlusion(forward), batchSizes };
    };
    const fixed = method(false).method.attributeSync(inputs, options);
    const one = method(false).method.attributeSync(inputs, { ...options, perturbationsPerEval: 1 });
    const sync = method(false);
    sameBits(sync.method.attributeSync(inputs, { ...options, perturbationsPerEval: "auto" }), fixed, `${testCase.name} sync`);
    const async = method(true);
    const auto = await async.method.attribute(inputs, { ...options, perturbationsPerEval: "auto" });
    sameBits(auto, fixed, `${testCase.name} async`);
    sameBits(auto, one, `${testCase.name} vs size 1`);
    // Each perturbation once: the perturbed calls' batch sizes add up to the fixed run's.
    const perturbed = (sizes: number[]) => sizes.slice(1).reduce((sum, size) => sum + size, 0);
    const fixedRun = method(false);
    fixedRun.method.attributeSync(inputs, options);
    assert.is(perturbed(async.batchSizes), perturbed(fixedRun.batchSizes), `${testCase.name}: perturbed examples`);
  }
  assert.ok(cases > 10, `${cases} vectors`);
});

test("a model whose speed depends on the batch: auto settles on 16, reports it, and gives the bits of 1, 16 and 64", async () => {
  const events: ProgressEvent[] = [];
  const sizes: number[] = [];
  const forward = (input: Tensor) => (sizes.push(input.shape[0]), sized(input));
  const auto = new Occlusion(forward).attributeSync(wide, { ...OPTIONS, perturbationsPerEval: "auto", showProgress: (event) => events.push(event) });
  const last = events[events.length - 1];
  assert.is(last.perturbationsPerEval, 16, `chosen size; sizes called ${sizes.join(",")}`);
  assert.is(last.done, last.total, "the last event closes the bar");
  assert.is(last.total, sizes.length, "total = forward calls made");
  assert.is(sizes.slice(1).reduce((sum, size) => sum + size, 0), WIDE_WINDOWS, "each window once");
  // Measured first: two calls of each size, but one of 64, whose first call is about 1.9x slower per
  // perturbation than 16 (FAR_WORSE ends its trial); then 16 per call.
  assert.equal(sizes.slice(1, 8), [1, 1, 4, 4, 16, 16, 64]);
  assert.ok(sizes.slice(8, -1).every((size) => size === 16), `rest at 16: ${sizes.slice(8).join(",")}`);
  for (let index = 1; index < events.length; index++) assert.is(events[index].done, events[index - 1].done + 1);
  const settledAt = events.findIndex((event) => event.perturbationsPerEval !== undefined);
  assert.ok(settledAt >= 7, "no size reported while measuring");
  assert.ok(events.slice(settledAt).every((event) => event.total === last.total), "total exact once settled");
  for (const ppe of [1, 16, 64]) sameBits(auto, new Occlusion(cheap).attributeSync(wide, { ...OPTIONS, perturbationsPerEval: ppe }), `auto vs ${ppe}`);
  // Async, three calls in flight: the same bits, never more than three at once.
  let active = 0;
  let most = 0;
  const slow = async (input: Tensor) => {
    most = Math.max(most, ++active);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const out = sized(input);
    active--;
    return out;
  };
  sameBits(await new Occlusion(slow).attribute(wide, { ...OPTIONS, perturbationsPerEval: "auto", concurrency: 3 }), auto, "concurrency 3");
  assert.ok(most <= 3 && most >= 2, `calls in flight: ${most}`);
});

test("a model that is fastest with one perturbation per call: auto stops growing and stays at 1", () => {
  const sizes: number[] = [];
  const perPerturbation = (input: Tensor) => (sizes.push(input.shape[0]), spin(0.2 * input.shape[0] * input.shape[0]), cheap(input));
  const events: ProgressEvent[] = [];
  new Occlusion(perPerturbation).attributeSync(x, { ...OPTIONS, perturbationsPerEval: "auto", showProgress: (event) => events.push(event) });
  assert.is(events[events.length - 1].perturbationsPerEval, 1);
  assert.ok(!sizes.includes(16), `4 is clearly slower, 16 never tried: ${sizes.slice(0, 8).join(",")}`);
});

test("long runs with auto: onPartial, abort then resume, coarse-to-fine and shards give the bits of a fixed run; the fingerprint is unchanged", async () => {
  const full = new Occlusion(cheap).attributeSync(x, { ...OPTIONS, perturbationsPerEval: 16 });
  const controller = new AbortController();
  let calls = 0;
  const partials: number[] = [];
  const aborting = async (input: Tensor) => {
    if (++calls === 12) controller.abort();
    return sized(input);
  };
  let saved: OcclusionPartial | undefined;
  try {
    await new Occlusion(aborting).attribute(x, { ...OPTIONS, perturbationsPerEval: "auto", signal: controller.signal, onPartial: (p) => partials.push(p.done), partialIntervalMs: 0 });
    assert.unreachable("aborted");
  } catch (error) {
    assert.is((error as OcclusionError).code, "ABORTED");
    saved = (error as OcclusionError).partial;
  }
  assert.ok(saved && saved.done > 0 && saved.done < WINDOWS, `partial done ${saved?.done}`);
  assert.ok(partials.length > 0 && partials.every((done, index) => index === 0 || done >= partials[index - 1]), "onPartial grows");
  const fixedRecord = new Occlusion(cheap).attributePartial(x, { ...OPTIONS, perturbationsPerEval: 16, windows: [0, 10] });
  assert.is(saved!.fingerprint, (await fixedRecord).fingerprint, "fingerprint does not depend on auto");
  sameBits(await new Occlusion(sized).attribute(x, { ...OPTIONS, perturbationsPerEval: "auto", resumeFrom: saved }), full, "resumed");
  sameBits(new Occlusion(sized).attributeSync(x, { ...OPTIONS, perturbationsPerEval: "auto", order: "coarse-to-fine" }), full, "coarse-to-fine");
  const shards = await Promise.all([[0, 150], [150, 290], [290, WINDOWS]].map((windows) =>
    new Occlusion(sized).attributePartial(x, { ...OPTIONS, perturbationsPerEval: "auto", windows: windows as [number, number] })));
  sameBits(await mergePartials(shards), full, "merged shards");
});

test("FeatureAblation with auto gives the bits of a fixed size", () => {
  const mask = { data: Int32Array.from({ length: 2 * 40 * 40 }, (_, at) => Math.floor((at % 1600) / 40) * 4 + Math.floor((at % 40) / 10)), shape: [1, 2, 40, 40] };
  const options = { featureMask: mask, target: 1 };
  const auto = new FeatureAblation(sized).attributeSync(x, { ...options, perturbationsPerEval: "auto" });
  sameBits(auto, new FeatureAblation(cheap).attributeSync(x, { ...options, perturbationsPerEval: 7 }), "feature ablation");
});

test("aggregation mode (one number per call): auto makes calls of one perturbation", async () => {
  const sizes: number[] = [];
  const scalar = (input: Tensor) => {
    sizes.push(input.shape[0]);
    return model(input).data.reduce((sum, value) => sum + value, 0);
  };
  const auto = await new Occlusion(scalar).attribute(x, { slidingWindowShapes: [2, 8, 8], strides: [2, 8, 8], perturbationsPerEval: "auto" });
  assert.ok(sizes.every((size) => size === 1), sizes.join(","));
  sameBits(auto, await new Occlusion(scalar).attribute(x, { slidingWindowShapes: [2, 8, 8], strides: [2, 8, 8] }), "aggregation");
});

test("maxMemoryBytes caps the sizes auto tries", () => {
  const big = makeInput([1, 4, 64, 64], 5); // 64 KiB per copy
  const sizes: number[] = [];
  const forward = (input: Tensor) => (sizes.push(input.shape[0]), sized(input));
  const options = { slidingWindowShapes: [4, 4, 4], strides: [4, 4, 4], target: 1, perturbationsPerEval: "auto" as const, maxMemoryBytes: 3 * 2 ** 20 };
  const auto = new Occlusion(forward).attributeSync(big, options);
  const largest = Math.max(...sizes);
  assert.ok(largest >= 4 && largest < 64, `largest call ${largest}`);
  sameBits(auto, new Occlusion(cheap).attributeSync(big, { ...options, perturbationsPerEval: 4 }), "capped");
  assert.throws(() => new Occlusion(cheap).attributeSync(big, { ...options, perturbationsPerEval: 64 }), (error: OcclusionError) => error.code === "MEMORY_LIMIT");
});

test("a model with a fixed batch dimension: the error says auto needs a model whose batch may grow", async () => {
  const fixedBatch = (input: Tensor) => {
    if (input.shape[0] !== 1) throw new Error(`expected batch 1, got ${input.shape[0]}`);
    return model(input);
  };
  const fixedShape = (input: Tensor) => model({ data: input.data.subarray(0, input.data.length / input.shape[0]), shape: [1, ...input.shape.slice(1)] });
  for (const [forward, code] of [[fixedBatch, "FORWARD_FAILED"], [fixedShape, "FORWARD_OUTPUT_SHAPE"]] as const) {
    try {
      await new Occlusion(forward).attribute(x, { ...OPTIONS, perturbationsPerEval: "auto" });
      assert.unreachable("fails at the first call of 4");
    } catch (error) {
      assert.is((error as OcclusionError).code, code);
      assert.match((error as Error).message, /"auto".*fixed batch dimension/);
      assert.is((error as OcclusionError).partial?.done, 2, "the two calls of 1 are kept");
    }
  }
});

test("waves with 2 calls in flight: two timed waves of each size, started together; WAIT until a wave has ended", () => {
  const auto = new AutoBatching([Int32Array.from({ length: 400 }, (_, index) => index)], [1, 4, 16, 64], 2);
  const wave = (expected: number[], size: number, label: string, settle = true) => {
    const calls = [auto.next(), auto.next()];
    assert.equal([...calls, auto.next()], [...expected, WAIT], label);
    calls.forEach((batch) => (assert.is(auto.table.copiesOf(batch), size, label), auto.callStarted()));
    if (!settle) return;
    auto.callSettled();
    assert.is(auto.next(), WAIT, `${label}: still in flight`);
    auto.callSettled();
  };
  wave([0, 1], 1, "first wave of 1");
  assert.equal(auto.measured, [], "a size is scored after all its waves");
  wave([2, 3], 1, "second wave of 1");
  assert.equal(auto.measured.map((m) => m[0]), [1]);
  wave([4, 5], 4, "first wave of 4");
  wave([6, 7], 4, "second wave of 4", false);
  assert.equal([auto.table.perturbationOf(6, 0), auto.table.perturbationOf(7, 3), auto.table.perturbationOf(7, 4)], [12, 19, -1], "the next perturbations in order");
  auto.settle(16);
  assert.is(auto.callCount, 8 + Math.ceil((400 - 20) / 16), "settled: the rest dealt at 16");
  let calls = 0;
  while (auto.next() !== DONE) calls++;
  assert.is(calls, Math.ceil((400 - 20) / 16));
  const seen = new Set<number>();
  for (let batch = 0; batch < auto.table.count; batch++) for (let copy = 0; copy < auto.table.copiesOf(batch); copy++) seen.add(auto.table.perturbationOf(batch, copy));
  assert.is(seen.size, 400, "every perturbation in exactly one call");
});

test("a bad string is INVALID_PERTURBATIONS_PER_EVAL, and the message names \"auto\"", () => {
  for (const value of ["Auto", "fast", ""]) {
    assert.throws(() => new Occlusion(model).attributeSync(x, { ...OPTIONS, perturbationsPerEval: value as "auto" }), (error: OcclusionError) =>
      error.code === "INVALID_PERTURBATIONS_PER_EVAL" && /"auto"/.test(error.message));
  }
  assert.equal([...AUTO_SIZES], [1, 4, 16, 64]);
});

test("a worker pool (3 threads, concurrency 3) and queue job options carry auto: the bits of a fixed size", async () => {
  const module = new URL("./fixtures/pool/sum-forward.mjs", import.meta.url);
  const { createForward } = (await import(module.href)) as { createForward: (options: object) => (input: Tensor) => Tensor };
  const expected = new Occlusion(createForward({ seed: 3 })).attributeSync(x, { ...OPTIONS, target: undefined, perturbationsPerEval: 4 });
  const pool = await createForwardPool(module, { size: 3, options: { seed: 3, async: true } });
  try {
    const events: ProgressEvent[] = [];
    const got = await new Occlusion(pool.forward).attribute(x, { ...OPTIONS, target: undefined, perturbationsPerEval: "auto", concurrency: 3, showProgress: (event) => events.push(event) });
    sameBits(got, expected, "pool");
    assert.ok(AUTO_SIZES.includes(events[events.length - 1].perturbationsPerEval!), "a size was chosen");
  } finally {
    await pool.close();
  }
  const options = decodeValue(JSON.parse(JSON.stringify(encodeOptions({ ...OPTIONS, perturbationsPerEval: "auto" })))) as typeof OPTIONS & { perturbationsPerEval: "auto" };
  assert.is(options.perturbationsPerEval, "auto");
  const shard = await new Occlusion(model).attributePartial(x, { ...options, windows: [0, 100] });
  const fixed = await new Occlusion(model).attributePartial(x, { ...OPTIONS, perturbationsPerEval: 16, windows: [0, 100] });
  assert.equal(shard.toJSON(), fixed.toJSON(), "a queue shard's record");
});

test.run();
