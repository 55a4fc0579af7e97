// The Captum conformance vectors as occlusion-wasm calls: the case format (README.md,
// README2.md), the small models a case describes as forward functions, the arguments in
// JS form, and the tolerance check. Runtime-neutral (no Node or DOM API), so the runtime
// suite bundles it too.
import type { AttributeOptions, FeatureAblationOptions, Tensor } from "../../src/index.ts";
import { embeddingForward, type EmbeddingModel } from "./conformance-embedding.ts";

export interface JsonTensor { shape: number[]; data: number[]; dtype?: "int32" | "int64" }
type JsonValue = { kind: string; value?: unknown; shape?: number[]; data?: number[]; dtype?: "int32" | "int64" };

export interface MlpModel {
  kind?: "mlp";
  w1: number[][][]; b1: number[]; act: "relu" | "none";
  w2: number[][] | null; b2: number[] | null;
  out_shape: number[]; agg: null | "sum"; extra: null | "scale" | "scale_offset";
}

export type Model = MlpModel | EmbeddingModel;

export interface ConformanceCase {
  name: string;
  description: string;
  model: Model;
  inputs: JsonTensor[];
  inputs_is_tuple: boolean;
  args: {
    method?: "occlusion" | "feature_ablation";
    feature_mask?: JsonValue | null;
    sliding_window_shapes: number[] | number[][];
    strides: JsonValue | null;
    baselines: JsonValue | null;
    target: JsonValue | null;
    additional_forward_args: JsonValue[] | null;
    perturbations_per_eval: number;
  };
  expected:
    | { error?: undefined; attributions: JsonTensor[]; forward_calls: number; batch_sizes: number[] }
    | { error: true; error_kind: string };
  tolerance: { rtol: number; atol: number };
}

type AnyTensor = { data: Float32Array | Int32Array | BigInt64Array; shape: number[] };

/** A JSON tensor in its dtype: BigInt64Array for int64, Int32Array for int32, else Float32Array. */
export const toTensor = (json: JsonTensor): AnyTensor => ({
  data: json.dtype === "int64" ? BigInt64Array.from(json.data, BigInt) : json.dtype === "int32" ? Int32Array.from(json.data) : Float32Array.from(json.data),
  shape: json.shape,
});

/** The case's model (README.md "The model", README2.md "The embedding model"), computed in float32. */
export function modelForward(model: Model, inputCount: number) {
  return model.kind === "embedding" ? embeddingForward(model, inputCount) : mlpForward(model, inputCount);
}

function mlpForward(model: MlpModel, inputCount: number) {
  return (...args: unknown[]): Tensor => {
    const inputs = args.slice(0, inputCount) as Tensor[];
    const extra = args.slice(inputCount);
    const rows = inputs[0].shape[0];
    const hidden = model.b1.length;
    const width = model.w2 ? model.w2.length : hidden;
    const y = new Float32Array(rows * width);
    for (let row = 0; row < rows; row++) {
      const h = model.b1.map((bias, unit) => {
        let sum = bias;
        inputs.forEach((input, index) => {
          const features = input.data.length / rows;
          const weights = model.w1[index][unit];
          for (let f = 0; f < features; f++) sum += input.data[row * features + f] * weights[f];
        });
        const value = Math.fround(sum);
        return model.act === "relu" ? Math.max(value, 0) : value;
      });
      for (let k = 0; k < width; k++) {
        y[row * width + k] = model.w2 ? model.b2![k] + model.w2[k].reduce((sum, weight, unit) => sum + weight * h[unit], 0) : h[k];
      }
    }
    if (model.extra) {
      const scale = extra[0] as Tensor;
      const offset = model.extra === "scale_offset" ? (extra[1] as number) : 0;
      for (let index = 0; index < y.length; index++) y[index] = y[index] * scale.data[Math.floor(index / width)] + offset;
    }
    if (model.agg === "sum") return { data: Float32Array.of(y.reduce((sum, value) => sum + value, 0)), shape: [] };
    return { data: y, shape: [rows, ...model.out_shape] };
  };
}

function baselineOf(json: JsonValue): unknown {
  if (json.kind === "scalar") return json.value;
  if (json.kind === "tensor") return toTensor(json as JsonTensor);
  return (json.value as JsonValue[]).map(baselineOf);
}

function targetOf(json: JsonValue): AttributeOptions["target"] {
  switch (json.kind) {
    case "int": return json.value as number;
    case "list": return json.value as number[];
    case "tensor": return { data: Int32Array.from(json.data!), shape: json.shape! };
    case "tuple": return [json.value as number[]];
    case "list_of_tuples": return json.value as number[][];
  }
  throw new Error(`unknown target kind ${json.kind}`);
}

/** Whether a case calls FeatureAblation (README2.md "Arguments"). */
export const isAblation = (testCase: ConformanceCase) => testCase.args.method === "feature_ablation";

/** The inputs and options of attribute for a case (README.md "The same call", README2.md "Arguments"). */
export function callOf(testCase: ConformanceCase): { inputs: Tensor | Tensor[]; options: AttributeOptions & FeatureAblationOptions } {
  const tensors = testCase.inputs.map(toTensor) as Tensor[];
  const { args } = testCase;
  const options = { perturbationsPerEval: args.perturbations_per_eval } as AttributeOptions & FeatureAblationOptions;
  if (!isAblation(testCase)) options.slidingWindowShapes = args.sliding_window_shapes;
  if (args.feature_mask) {
    const mask = args.feature_mask;
    options.featureMask = mask.kind === "per_input" ? (mask.value as JsonTensor[]).map(toTensor) : toTensor(mask as JsonTensor);
  }
  if (args.strides) options.strides = args.strides.value as AttributeOptions["strides"];
  if (args.baselines) options.baselines = baselineOf(args.baselines) as AttributeOptions["baselines"];
  if (args.target) options.target = targetOf(args.target);
  if (args.additional_forward_args) {
    options.additionalForwardArgs = args.additional_forward_args.map((arg) =>
      arg.kind === "tensor" ? toTensor(arg as JsonTensor) : arg.value);
  }
  return { inputs: testCase.inputs_is_tuple ? tensors : tensors[0], options };
}

/** The first element outside the case's tolerance, or null. */
export function firstMismatch(actual: ArrayLike<number>, expected: number[], tolerance: { rtol: number; atol: number }): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let index = 0; index < expected.length; index++) {
    if (!(Math.abs(actual[index] - expected[index]) <= tolerance.atol + tolerance.rtol * Math.abs(expected[index]))) {
      return `element ${index}: ${actual[index]} != ${expected[index]}`;
    }
  }
  return null;
}

/** The OcclusionError code expected for each error_kind of the error cases. */
export const ERROR_CODES: Record<string, string> = {
  window_count: "WINDOW_COUNT",
  window_rank: "WINDOW_RANK",
  strides_count: "STRIDES_COUNT",
  stride_rank: "STRIDE_RANK",
  window_exceeds_input: "WINDOW_TOO_LARGE",
  stride_exceeds_window: "STRIDE_TOO_LARGE",
  ppe_invalid: "INVALID_PERTURBATIONS_PER_EVAL",
  aggregate_output_with_ppe_gt_1: "FORWARD_OUTPUT_SHAPE",
  target_count: "TARGET_LENGTH",
  feature_mask_shape: "FEATURE_MASK_SHAPE",
  feature_mask_per_example_output: "FEATURE_MASK_PER_EXAMPLE",
};

/** The case's model as a forward function that records dim 0 of every call (Captum's batch_sizes). */
export function recordingForward(testCase: ConformanceCase, async: boolean) {
  const model = modelForward(testCase.model, testCase.inputs.length);
  const batchSizes: number[] = [];
  const types = testCase.inputs.map((input) => toTensor(input).data.constructor);
  const forward = (...args: unknown[]) => {
    batchSizes.push((args[0] as Tensor).shape[0]);
    types.forEach((type, index) => {
      const got = (args[index] as Tensor).data.constructor;
      if (got !== type) throw new TypeError(`input ${index} reached forward as ${got.name}, expected ${type.name}`);
    });
    const output = model(...args);
    return async ? Promise.resolve(output) : output;
  };
  return { forward, batchSizes };
}
