// onnxForward: an onnxruntime (web or node) InferenceSession as an Occlusion forward
// function. The runtime is not imported: the caller hands over the session and the
// runtime's Tensor constructor, so the library keeps zero runtime dependencies.
import { OcclusionError, type ForwardOutput } from "../index.ts";
import { argName, checkNames, feedList, pickOutput, type TensorArg } from "./shared.ts";

/** The parts of an onnxruntime InferenceSession the adapter uses. */
export interface OnnxSessionLike {
  /** The model's input names, in order. */
  readonly inputNames: readonly string[];
  /** The model's output names, in order. */
  readonly outputNames: readonly string[];
  /** onnxruntime ≥ 1.21: each input's declared element type, used where options.inputTypes gives none. */
  readonly inputMetadata?: readonly { readonly name: string; readonly isTensor?: boolean; readonly type?: unknown }[];
  /** Runs the model on named input tensors; resolves to named output tensors. */
  run(feeds: Record<string, any>): Promise<Record<string, any>>;
}

/** onnxruntime's `Tensor` constructor: `new ort.Tensor(type, data, dims)`. */
export type OnnxTensorConstructor = new (type: any, data: any, dims: readonly number[]) => unknown;

/** Element types the adapter converts inputs to. */
export type OnnxInputType = "float32" | "float64" | "int32" | "int64" | "uint8" | "int8" | "bool";

/** Options of `onnxForward`. */
export interface OnnxForwardOptions {
  /** Model inputs fed by forward's tensor arguments, in order (inputs, then tensor additionalForwardArgs). Default: `session.inputNames`. */
  inputNames?: readonly string[];
  /** The model output to attribute. Default: `session.outputNames[0]`. */
  outputName?: string;
  /** Element type per input name (e.g. `{ ids: "int64" }`); default: the type the model declares (session.inputMetadata), else the data's own (Float32Array → float32). */
  inputTypes?: Readonly<Record<string, OnnxInputType>>;
}

type TypedConstructor = { from(values: ArrayLike<number>, map: (value: number) => number): ArrayLike<number> };

const TYPED = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array, int8: Int8Array,
} as const satisfies Partial<Record<OnnxInputType, TypedConstructor & Function>>;

/**
 * `new Occlusion(onnxForward(session, ort.Tensor))`: each call feeds forward's tensor
 * arguments to the model's inputs in order (as `new Tensor(type, data, shape)`) and
 * returns the chosen output, an onnxruntime tensor `{ data, dims }`.
 */
export function onnxForward(session: OnnxSessionLike, Tensor: OnnxTensorConstructor, options: OnnxForwardOptions = {}) {
  if (typeof session?.run !== "function" || typeof Tensor !== "function") {
    throw new OcclusionError("ADAPTER_MODEL", "onnxForward(session, Tensor): needs an InferenceSession and the runtime's Tensor constructor (ort.Tensor)");
  }
  const inputNames = checkNames(options.inputNames ?? session.inputNames, "onnxForward: inputNames");
  const outputName = options.outputName ?? session.outputNames[0];
  if (!session.outputNames.includes(outputName)) {
    throw new OcclusionError("ADAPTER_MODEL", `onnxForward: the model has no output ${JSON.stringify(outputName)} (outputs: ${session.outputNames.join(", ")})`);
  }
  const types = { ...declaredTypes(session), ...options.inputTypes };
  return async (...args: unknown[]): Promise<ForwardOutput> => {
    const feeds: Record<string, unknown> = {};
    feedList(args, inputNames, "onnxForward").forEach((arg, index) => {
      const name = inputNames[index];
      const type = types[name] ?? typeOf(arg, argName(index));
      feeds[name] = new Tensor(type, convert(arg.data, type), arg.shape);
    });
    return pickOutput(await session.run(feeds), outputName, "onnxForward") as ForwardOutput;
  };
}

// What the model declares, so int64 token ids reach it as BigInt64Array even when the
// engine hands forward float batches; types the adapter cannot build are left to the data.
function declaredTypes(session: OnnxSessionLike): Record<string, OnnxInputType> {
  const known = new Set<unknown>([...Object.keys(TYPED), "int64", "bool"]);
  const metadata = Array.isArray(session.inputMetadata) ? session.inputMetadata : [];
  return Object.fromEntries(metadata.filter((m) => m?.isTensor !== false && known.has(m?.type)).map((m) => [m.name, m.type as OnnxInputType]));
}

function typeOf(arg: TensorArg, name: string): OnnxInputType {
  if (arg.data instanceof BigInt64Array) return "int64";
  const found = (Object.keys(TYPED) as (keyof typeof TYPED)[]).find((type) => arg.data instanceof TYPED[type]);
  if (!found) throw new OcclusionError("ADAPTER_INPUTS", `onnxForward: ${name} holds a ${arg.data.constructor.name}; give its type in options.inputTypes`);
  return found;
}

// Data already of the right type is passed as is: onnxruntime copies it during run().
function convert(data: TensorArg["data"], type: OnnxInputType): unknown {
  if (type === "int64") {
    return data instanceof BigInt64Array ? data : BigInt64Array.from(data as ArrayLike<number>, (value) => BigInt(Math.trunc(value)));
  }
  const numbers = (data instanceof BigInt64Array ? Float64Array.from(data, Number) : data) as ArrayLike<number>;
  if (type === "bool") return Uint8Array.from(numbers, (value) => (value ? 1 : 0));
  const Typed = TYPED[type];
  return numbers instanceof Typed ? numbers : (Typed as TypedConstructor).from(numbers, Number);
}
