// Table of invalid calls: each breaks one thing in an otherwise valid call and must be
// rejected with an OcclusionError of a specific code, a message that names the argument,
// and (for argument errors) before forward is ever called. Each case runs through
// attribute and, where its forward is synchronous, attributeSync.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type AttributeOptions, type ForwardFunction } from "../src/index.ts";
import { BATCH, VALID, input, model, rejectsWith } from "./support/bad-calls.ts";

interface Case {
  name: string;
  code: string;
  names: RegExp;
  inputs?: unknown;
  options?: Record<string, unknown>;
  /** Replaces the model; `call` counts from 0 (the unperturbed call). */
  forward?: (call: number, args: unknown[]) => unknown;
  /** false when the error can only be found from forward's output. */
  beforeForward?: boolean;
  syncOnly?: boolean;
}

const x = input();
const two = [input(), input([BATCH, 5])];
const withBatch = (rows: number, width = 3) => ({ data: new Float32Array(rows * width), shape: [rows, width] });
const nan = (shape: number[], Typed: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array) => {
  const data = new Typed(shape.reduce((a, b) => a * b, 1));
  data[data.length - 1] = NaN;
  return { data, shape };
};

const CASES: Case[] = [
  // options as a whole
  { name: "options is null", options: null as never, code: "INVALID_OPTIONS", names: /options/ },
  { name: "options is an array", options: [1, 2] as never, code: "INVALID_OPTIONS", names: /options/ },
  { name: "a snake_case option name", options: { sliding_window_shapes: [1, 2] }, code: "INVALID_OPTIONS", names: /sliding_window_shapes.*slidingWindowShapes/ },
  // slidingWindowShapes
  { name: "slidingWindowShapes missing", options: { slidingWindowShapes: undefined }, code: "INVALID_WINDOW", names: /slidingWindowShapes/ },
  { name: "slidingWindowShapes a string", options: { slidingWindowShapes: "1,2" }, code: "INVALID_WINDOW", names: /slidingWindowShapes/ },
  { name: "slidingWindowShapes mixing numbers and arrays", options: { slidingWindowShapes: [1, [2]] }, code: "INVALID_WINDOW", names: /slidingWindowShapes/ },
  { name: "a NaN window", options: { slidingWindowShapes: [1, NaN] }, code: "INVALID_WINDOW", names: /slidingWindowShapes\[0\]/ },
  { name: "an Infinity window", options: { slidingWindowShapes: [Infinity, 1] }, code: "INVALID_WINDOW", names: /slidingWindowShapes\[0\]/ },
  { name: "a -0 window", options: { slidingWindowShapes: [-0, 1] }, code: "INVALID_WINDOW", names: /slidingWindowShapes\[0\].*-0/ },
  { name: "a fractional window", options: { slidingWindowShapes: [1, 1.5] }, code: "INVALID_WINDOW", names: /slidingWindowShapes\[0\]/ },
  { name: "a zero window", options: { slidingWindowShapes: [0, 1] }, code: "INVALID_WINDOW", names: /slidingWindowShapes\[0\]/ },
  { name: "a huge integer window", options: { slidingWindowShapes: [1, 2 ** 40] }, code: "WINDOW_TOO_LARGE", names: /slidingWindowShapes\[0\]/ },
  { name: "a window beyond safe integers", options: { slidingWindowShapes: [1, 1e300] }, code: "INVALID_WINDOW", names: /slidingWindowShapes\[0\]/ },
  { name: "a window of the wrong rank", options: { slidingWindowShapes: [1, 1, 1] }, code: "WINDOW_RANK", names: /slidingWindowShapes\[0\]/ },
  { name: "one window for two inputs", inputs: two, options: { slidingWindowShapes: [[1, 1]] }, code: "WINDOW_COUNT", names: /slidingWindowShapes/ },
  // strides
  { name: "strides a string", options: { ...VALID, strides: "1" }, code: "INVALID_STRIDE", names: /strides/ },
  { name: "a NaN stride", options: { ...VALID, strides: NaN }, code: "INVALID_STRIDE", names: /strides\[0\]/ },
  { name: "an Infinity stride", options: { ...VALID, strides: [1, Infinity] }, code: "INVALID_STRIDE", names: /strides\[0\]/ },
  { name: "a -0 stride", options: { ...VALID, strides: -0 }, code: "INVALID_STRIDE", names: /strides\[0\].*-0/ },
  { name: "a fractional stride", options: { ...VALID, strides: [0.5, 1] }, code: "INVALID_STRIDE", names: /strides\[0\]/ },
  { name: "a huge stride where the window is smaller than the input", options: { ...VALID, strides: [1, 2 ** 40] }, code: "STRIDE_TOO_LARGE", names: /strides\[0\]/ },
  { name: "a stride beyond safe integers", options: { ...VALID, strides: 2 ** 53 }, code: "INVALID_STRIDE", names: /strides\[0\]/ },
  { name: "strides of the wrong rank", options: { ...VALID, strides: [1, 1, 1] }, code: "STRIDE_RANK", names: /strides\[0\]/ },
  { name: "one number stride for two inputs", inputs: two, options: { slidingWindowShapes: [[1, 1], [1]], strides: 1 }, code: "STRIDES_COUNT", names: /strides/ },
  { name: "sparse strides with a hole", options: { ...VALID, strides: [, 1] }, code: "STRIDES_COUNT", names: /strides/ },
  // perturbationsPerEval, concurrency, maxMemoryBytes, showProgress, signal
  { name: "perturbationsPerEval 0", options: { ...VALID, perturbationsPerEval: 0 }, code: "INVALID_PERTURBATIONS_PER_EVAL", names: /perturbationsPerEval/ },
  { name: "perturbationsPerEval a string", options: { ...VALID, perturbationsPerEval: "2" }, code: "INVALID_PERTURBATIONS_PER_EVAL", names: /perturbationsPerEval/ },
  { name: "perturbationsPerEval NaN", options: { ...VALID, perturbationsPerEval: NaN }, code: "INVALID_PERTURBATIONS_PER_EVAL", names: /perturbationsPerEval/ },
  { name: "concurrency 0", options: { ...VALID, concurrency: 0 }, code: "INVALID_CONCURRENCY", names: /concurrency/ },
  { name: "concurrency fractional", options: { ...VALID, concurrency: 1.5 }, code: "INVALID_CONCURRENCY", names: /concurrency/ },
  { name: "concurrency a string", options: { ...VALID, concurrency: "4" }, code: "INVALID_CONCURRENCY", names: /concurrency/ },
  { name: "maxMemoryBytes a string", options: { ...VALID, maxMemoryBytes: "1GB" }, code: "INVALID_OPTIONS", names: /maxMemoryBytes/ },
  { name: "maxMemoryBytes negative", options: { ...VALID, maxMemoryBytes: -1 }, code: "INVALID_OPTIONS", names: /maxMemoryBytes/ },
  { name: "showProgress a string", options: { ...VALID, showProgress: "yes" }, code: "INVALID_OPTIONS", names: /showProgress/ },
  { name: "signal a plain object", options: { ...VALID, signal: {} }, code: "INVALID_OPTIONS", names: /signal/ },
  { name: "a signal-like object without removeEventListener", options: { ...VALID, signal: { aborted: false, addEventListener() {} } }, code: "INVALID_OPTIONS", names: /signal/ },
  // inputs
  { name: "inputs null", inputs: null, code: "INVALID_INPUT", names: /inputs/ },
  { name: "inputs a plain nested array", inputs: [[1, 2], [3, 4]], code: "INVALID_INPUT", names: /inputs\[0\].*tensor\(\)/ },
  { name: "inputs an empty array", inputs: [], code: "EMPTY_INPUT", names: /inputs/ },
  { name: "an input with a zero-sized dimension", inputs: { data: new Float32Array(0), shape: [2, 0, 4] }, code: "EMPTY_INPUT", names: /inputs/ },
  { name: "a 0-d input", inputs: { data: Float32Array.of(1), shape: [] }, options: { slidingWindowShapes: [] }, code: "EMPTY_INPUT", names: /inputs/ },
  { name: "input data shorter than its shape", inputs: { data: new Float32Array(5), shape: [2, 3, 4] }, code: "INVALID_INPUT", names: /inputs/ },
  { name: "input data of strings", inputs: { data: ["a", "b"], shape: [2, 1] }, options: { slidingWindowShapes: [1] }, code: "INVALID_INPUT", names: /inputs\.data/ },
  { name: "an input shape holding NaN", inputs: { data: new Float32Array(24), shape: [2, NaN, 4] }, code: "INVALID_INPUT", names: /inputs\.shape/ },
  { name: "an input shape with a hole", inputs: { data: new Float32Array(24), shape: [2, , 4] }, code: "INVALID_INPUT", names: /inputs\.shape/ },
  { name: "an input shape holding a fraction", inputs: { data: new Float32Array(24), shape: [2, 1.5, 8] }, code: "INVALID_INPUT", names: /inputs\.shape/ },
  { name: "an input whose dataSync() throws (a disposed tensor)", inputs: { shape: [2, 3, 4], dataSync: () => { throw new Error("Tensor is disposed."); } }, code: "INVALID_INPUT", names: /inputs\.dataSync\(\).*disposed/ },
  { name: "inputs whose batch sizes differ", inputs: [input(), input([3, 5])], options: { slidingWindowShapes: [[1, 1], [1]] }, code: "BATCH_SIZE_MISMATCH", names: /inputs\[1\]/ },
  // baselines
  { name: "a NaN baseline", options: { ...VALID, baselines: NaN }, code: "INVALID_BASELINE", names: /baselines/ },
  { name: "an Infinity baseline", options: { ...VALID, baselines: -Infinity }, code: "INVALID_BASELINE", names: /baselines/ },
  { name: "a scalar baseline beyond float32's range", options: { ...VALID, baselines: -3.5e38 }, code: "INVALID_BASELINE", names: /baselines.*float32/ },
  { name: "a string baseline", options: { ...VALID, baselines: "0" }, code: "INVALID_BASELINE", names: /baselines/ },
  { name: "a baseline of the wrong shape", options: { ...VALID, baselines: input([2, 4, 3]) }, code: "BASELINE_SHAPE", names: /baselines/ },
  { name: "a tensor baseline holding NaN", options: { ...VALID, baselines: nan([3, 4]) }, code: "INVALID_BASELINE", names: /baselines.*NaN/ },
  { name: "a float64 baseline that overflows float32", options: { ...VALID, baselines: { data: Float64Array.of(1e300), shape: [1] } }, code: "INVALID_BASELINE", names: /baselines.*infinite/ },
  { name: "the second input's baseline holding NaN", inputs: two, options: { slidingWindowShapes: [[1, 1], [1]], baselines: [0, nan([5], Float64Array)] }, code: "INVALID_BASELINE", names: /baselines\[1\]/ },
  { name: "a sparse baselines array with a hole", options: { ...VALID, baselines: [,] }, code: "INVALID_BASELINE", names: /baselines\[0\]/ },
  { name: "one baseline for two inputs", inputs: two, options: { slidingWindowShapes: [[1, 1], [1]], baselines: [0] }, code: "BASELINE_COUNT", names: /baselines/ },
  // target
  { name: "a target out of range", options: { ...VALID, target: 3 }, code: "TARGET_OUT_OF_RANGE", names: /target/, beforeForward: false },
  { name: "a negative target", options: { ...VALID, target: -1 }, code: "INVALID_TARGET", names: /target/ },
  { name: "a fractional target", options: { ...VALID, target: 0.5 }, code: "INVALID_TARGET", names: /target/ },
  { name: "a NaN target", options: { ...VALID, target: NaN }, code: "INVALID_TARGET", names: /target/ },
  { name: "a target tuple longer than the output's rank", options: { ...VALID, target: [[0, 0]] }, code: "TARGET_RANK", names: /target/, beforeForward: false },
  { name: "a 2-d target tensor", options: { ...VALID, target: { data: Int32Array.of(0, 0), shape: [1, 2] } }, code: "INVALID_TARGET", names: /target/ },
  { name: "a per-example target of the wrong length", options: { ...VALID, target: [0, 1, 2] }, code: "TARGET_LENGTH", names: /target/ },
  { name: "a string target", options: { ...VALID, target: "0" }, code: "INVALID_TARGET", names: /target/ },
  { name: "a sparse target array with a hole", options: { ...VALID, target: [0, , ] }, code: "INVALID_TARGET", names: /target/ },
  { name: "an empty target index tuple", options: { ...VALID, target: [[]] }, code: "INVALID_TARGET", names: /target/ },
  { name: "an empty target array", options: { ...VALID, target: [] }, code: "INVALID_TARGET", names: /target/ },
  { name: "a fractional target tensor", options: { ...VALID, target: { data: Float32Array.of(1.5), shape: [1] } }, code: "INVALID_TARGET", names: /target/ },
  // additionalForwardArgs
  { name: "an additional tensor with another batch size", options: { ...VALID, additionalForwardArgs: input([3, 2]) }, code: "ADDITIONAL_ARG_BATCH", names: /additionalForwardArgs/ },
  { name: "the second additional arg with another batch size", options: { ...VALID, additionalForwardArgs: [5, input([1, 2])] }, code: "ADDITIONAL_ARG_BATCH", names: /additionalForwardArgs\[1\]/ },
  // forward's output
  { name: "forward returning undefined", forward: () => undefined, code: "FORWARD_OUTPUT_TYPE", names: /forward.*undefined/, beforeForward: false },
  { name: "forward returning a string", forward: () => "0.5", code: "FORWARD_OUTPUT_TYPE", names: /forward/, beforeForward: false },
  { name: "forward returning a plain object", forward: () => ({ logits: 1 }), code: "FORWARD_OUTPUT_TYPE", names: /forward/, beforeForward: false },
  { name: "forward returning ragged arrays", forward: () => [[1, 2], [3]], code: "FORWARD_OUTPUT_TYPE", names: /forward/, beforeForward: false },
  { name: "forward returning a tensor whose data disagrees with its shape", forward: () => ({ data: new Float32Array(5), shape: [2, 3] }), code: "FORWARD_OUTPUT_TYPE", names: /forward/, beforeForward: false },
  { name: "forward returning one row too many on a batch", forward: (call, args) => (call === 0 ? model(...args) : withBatch(BATCH + 1)), code: "FORWARD_OUTPUT_SHAPE", names: /forward.*batch 1 of/, beforeForward: false },
  { name: "forward changing its output shape between calls", forward: (call, args) => (call < 3 ? model(...args) : withBatch(BATCH, 4)), code: "FORWARD_OUTPUT_SHAPE", names: /forward.*batch 3 of/, beforeForward: false },
  { name: "forward returning one number with perturbationsPerEval 2", options: { ...VALID, perturbationsPerEval: 2 }, forward: () => 1, code: "FORWARD_OUTPUT_SHAPE", names: /perturbationsPerEval/, beforeForward: false },
  { name: "forward returning a promise in attributeSync", forward: () => Promise.resolve(1), code: "FORWARD_ASYNC_IN_SYNC", names: /forward.*attribute\(\)/, beforeForward: false, syncOnly: true },
];

function counted(forward: Case["forward"]) {
  let calls = 0;
  const wrapped = (...args: unknown[]) => (forward ? forward(calls++, args) : (calls++, model(...args)));
  return { wrapped, calls: () => calls };
}

test.before(async () => {
  await init();
});

test(`the table holds at least 40 distinct invalid calls (${CASES.length})`, () => {
  assert.ok(CASES.length >= 40);
  assert.is(new Set(CASES.map((c) => c.name)).size, CASES.length);
});

for (const c of CASES) {
  test(`rejects ${c.name} with ${c.code}`, async () => {
    const inputs = "inputs" in c ? c.inputs : x;
    const options = ("options" in c ? c.options : VALID) as AttributeOptions;
    for (const sync of c.syncOnly ? [true] : [false, true]) {
      const forward = counted(c.forward);
      const occlusion = new Occlusion((sync ? forward.wrapped : async (...args: unknown[]) => forward.wrapped(...args)) as ForwardFunction);
      const run = () => (sync ? occlusion.attributeSync(inputs as never, options) : occlusion.attribute(inputs as never, options));
      await rejectsWith(run, c.code, c.names);
      if (c.beforeForward !== false) assert.is(forward.calls(), 0, `${sync ? "attributeSync" : "attribute"} rejects before calling forward`);
    }
  });
}

test("rejects a forward that is not a function with INVALID_FORWARD", async () => {
  await rejectsWith(() => new Occlusion("model" as never), "INVALID_FORWARD", /forward/);
});

test("the valid call the cases break is accepted", async () => {
  const result = await new Occlusion(model).attribute(x, VALID);
  assert.equal(result.shape, [BATCH * 3, 3, 4]);
});

test.run();
