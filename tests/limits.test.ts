// Resource limits fail with a clear code before anything large is allocated: window
// counts beyond 2^31 - 1 (TOO_MANY_WINDOWS) and runs beyond WebAssembly's 4 GiB or
// maxMemoryBytes (MEMORY_LIMIT) are rejected from shapes alone, before input data is
// read (the tensor-likes below have no real data) and before forward is called; limits
// that depend on forward's output fail right after the unperturbed call.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { input, model, rejectsWith, untilReleased } from "./support/bad-calls.ts";

/** A TensorFlow.js-style tensor of any shape whose data must never be read. */
const unread = (shape: number[]) => ({
  shape,
  dataSync(): Float32Array {
    throw new Error(`the data of a [${shape}] tensor was read`);
  },
});

function counting() {
  let calls = 0;
  return { forward: (...args: unknown[]) => (calls++, model(...args)), calls: () => calls };
}

test.before(async () => {
  await init();
});

test("more than 2^31 - 1 windows: TOO_MANY_WINDOWS before data is read or forward is called", async () => {
  const { forward, calls } = counting();
  await rejectsWith(() => new Occlusion(forward).attribute(unread([1, 65536, 65536]), { slidingWindowShapes: [1, 1] }), "TOO_MANY_WINDOWS", /slidingWindowShapes.*2\^31/);
  await rejectsWith(() => new Occlusion(forward).attribute([unread([1, 2 ** 16, 2 ** 15]), unread([1, 2 ** 16, 2 ** 15])], { slidingWindowShapes: [[1, 1], [1, 1]], strides: [1, 1] }), "TOO_MANY_WINDOWS", /strides give 4294967296 windows/);
  assert.is(calls(), 0);
});

test("an input beyond wasm's 4 GiB: MEMORY_LIMIT before data is read", async () => {
  const { forward, calls } = counting();
  const huge = unread([1, 2 ** 30 + 16]);
  await rejectsWith(() => new Occlusion(forward).attribute(huge, { slidingWindowShapes: [2 ** 30 + 16] }), "MEMORY_LIMIT", /4 GiB/);
  await rejectsWith(() => new Occlusion(forward).attributeSync(huge, { slidingWindowShapes: [2 ** 30 + 16] }), "MEMORY_LIMIT", /4 GiB/);
  assert.is(calls(), 0);
});

test("maxMemoryBytes below what the inputs need: MEMORY_LIMIT before data is read", async () => {
  const { forward, calls } = counting();
  await rejectsWith(() => new Occlusion(forward).attribute(unread([4, 1000, 1000]), { slidingWindowShapes: [10, 10], strides: 10, maxMemoryBytes: 2 ** 24 }), "MEMORY_LIMIT", /maxMemoryBytes/);
  assert.is(calls(), 0);
});

test("batch buffers for concurrency x perturbationsPerEval beyond maxMemoryBytes: MEMORY_LIMIT before forward is called", async () => {
  const { forward, calls } = counting();
  const x = input([2, 64, 64]);
  const options = { slidingWindowShapes: [8, 8], strides: 8, perturbationsPerEval: 16, maxMemoryBytes: 2 ** 20 };
  const occlusion = new Occlusion(forward);
  await occlusion.attribute(x, { ...options, concurrency: 1 }); // fits
  const before = calls();
  await rejectsWith(() => occlusion.attribute(x, { ...options, concurrency: 4 }), "MEMORY_LIMIT", /maxMemoryBytes/);
  assert.is(calls(), before, "no forward call for the run that does not fit");
  await untilReleased(() => kernelStats().inUse);
});

test("differences beyond 4 GiB (windows x outputs): MEMORY_LIMIT after the unperturbed call, before any batch", async () => {
  let calls = 0;
  const wide = () => (calls++, new Float32Array(16385)); // one output vector of 16385 values
  const x = { data: new Float32Array(65536), shape: [1, 65536] };
  const started = Date.now();
  await rejectsWith(() => new Occlusion(wide).attribute(x, { slidingWindowShapes: [1] }), "MEMORY_LIMIT", /differences|4 GiB/);
  assert.is(calls, 1);
  assert.ok(Date.now() - started < 2000, "nothing of that size was allocated");
  await untilReleased(() => kernelStats().inUse);
});

test("end-of-run scratch beyond maxMemoryBytes: MEMORY_LIMIT after the unperturbed call, before any batch", async () => {
  let calls = 0;
  const wide = () => (calls++, new Float32Array(5000));
  const x = { data: new Float32Array(4096), shape: [1, 4096] };
  await rejectsWith(() => new Occlusion(wide).attribute(x, { slidingWindowShapes: [1], maxMemoryBytes: 2 ** 24 }), "MEMORY_LIMIT", /maxMemoryBytes/);
  assert.is(calls, 1);
  await untilReleased(() => kernelStats().inUse);
});

test("a run within maxMemoryBytes succeeds and the limit is not a hint", async () => {
  const x = input([2, 8, 8]);
  const result = await new Occlusion(model).attribute(x, { slidingWindowShapes: [2, 2], maxMemoryBytes: 2 ** 20 });
  assert.equal(result.shape, [6, 8, 8]);
  await rejectsWith(() => new Occlusion(model).attribute(x, { slidingWindowShapes: [2, 2], maxMemoryBytes: 1024 }), "MEMORY_LIMIT", /1024 bytes/);
});

test("additional tensor args repeated beyond 4 GiB per forward call: MEMORY_LIMIT before forward is called", async () => {
  const { forward, calls } = counting();
  const extra = { data: new Float32Array(2 * 2 ** 25), shape: [2, 2 ** 25] }; // 256 MiB, repeated 17 times
  const options = { slidingWindowShapes: [1], perturbationsPerEval: 17, additionalForwardArgs: [extra] };
  await rejectsWith(() => new Occlusion(forward).attribute(input([2, 17]), options), "MEMORY_LIMIT", /additionalForwardArgs/);
  assert.is(calls(), 0);
});

test("a TF.js-style extra argument repeated beyond 4 GiB: MEMORY_LIMIT before its dataSync() is called", async () => {
  const { forward, calls } = counting();
  const options = { slidingWindowShapes: [1], perturbationsPerEval: 17, additionalForwardArgs: [unread([2, 2 ** 25])] };
  await rejectsWith(() => new Occlusion(forward).attribute(input([2, 17]), options), "MEMORY_LIMIT", /additionalForwardArgs/);
  assert.is(calls(), 0);
});

test("perturbationsPerEval far beyond the window count sizes buffers by the windows, not by the option", async () => {
  const x = input([2, 8, 8]);
  const options = { slidingWindowShapes: [2, 2], strides: 2, maxMemoryBytes: 2 ** 20 };
  const once = await new Occlusion(model).attribute(x, { ...options, perturbationsPerEval: 1 });
  const huge = await new Occlusion(model).attribute(x, { ...options, perturbationsPerEval: 2 ** 40 });
  assert.equal(Array.from(huge.data), Array.from(once.data));
});

test.run();
