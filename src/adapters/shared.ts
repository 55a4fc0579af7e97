// What the model adapters share: checking input names, matching forward's tensor
// arguments to them, and reading the chosen output back as { data, shape }.
import { OcclusionError } from "../index.ts";

/** A tensor argument as forward receives it: an input, or a tiled additionalForwardArgs tensor. */
export interface TensorArg {
  data: ArrayLike<number> | BigInt64Array;
  shape: number[];
}

export function checkNames(names: unknown, what: string): readonly string[] {
  if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === "string")) {
    throw new OcclusionError("ADAPTER_MODEL", `${what} must be a non-empty array of input names, got ${JSON.stringify(names)}`);
  }
  return names;
}

export function argName(index: number): string {
  return `tensor argument ${index}`;
}

/** forward's arguments as tensors, one per model input, in order. */
export function feedList(args: readonly unknown[], names: readonly string[], adapter: string): TensorArg[] {
  if (args.length !== names.length) {
    throw new OcclusionError("ADAPTER_INPUTS", `${adapter}: the model takes ${names.length} input(s) (${names.join(", ")}) but forward got ${args.length} argument(s); ` +
      "pass one input (or tensor additionalForwardArgs entry) per model input, or choose them with options.inputNames");
  }
  return args.map((arg, index) => asTensorArg(arg, `${argName(index)} (for ${names[index]})`, adapter));
}

/** One forward argument checked to be a tensor { data: typed array, shape }. */
export function asTensorArg(arg: unknown, label: string, adapter: string): TensorArg {
  const record = arg as Partial<TensorArg> | null;
  if (!record || !ArrayBuffer.isView(record.data) || !Array.isArray(record.shape)) {
    throw new OcclusionError("ADAPTER_INPUTS", `${adapter}: ${label} is not a tensor { data, shape }`);
  }
  return record as TensorArg;
}

/** The named output of a run, as the tensor-like the library reads ({ data, dims } for onnxruntime). */
export function pickOutput(outputs: Record<string, unknown>, name: string, adapter: string): unknown {
  const output = outputs[name];
  if (output === undefined) {
    throw new OcclusionError("ADAPTER_OUTPUT", `${adapter}: the run returned no output ${JSON.stringify(name)} (got ${Object.keys(outputs).join(", ")})`);
  }
  return output;
}
