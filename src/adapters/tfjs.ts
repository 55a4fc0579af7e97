// tfjsForward: a TensorFlow.js model (LayersModel, GraphModel, or a function of tensors)
// as an Occlusion forward function. TensorFlow.js is not imported: the caller hands over
// the `tf` namespace. Every tensor a call creates is released: the model runs inside
// tf.tidy, and the output is read with `await data()` and then disposed.
import { OcclusionError } from "../index.ts";
import { argName, asTensorArg, checkNames } from "./shared.ts";

/** A tf.Tensor as far as the adapter uses it. */
export interface TfTensorLike {
  readonly shape: readonly number[];
  /** The values, row-major, once computed. */
  data(): Promise<ArrayLike<number>>;
  /** Releases the tensor's memory. */
  dispose(): void;
}

type TfOutput = TfTensorLike | TfTensorLike[] | Record<string, TfTensorLike>;

/** The parts of the `tf` namespace the adapter uses. */
export interface TfNamespaceLike {
  /** Runs `fn`, then releases every tensor it made except the one it returns. */
  tidy(fn: () => any): any;
  /** Makes a tensor from flat values and a shape. */
  tensor(values: any, shape?: number[], dtype?: any): any;
}

/** A model with `predict` (tf.LayersModel, tf.GraphModel), or a synchronous function of tf tensors. */
export type TfModelLike =
  | {
      /** Runs the model on a tensor, an array of tensors or a map of named tensors. */
      predict(inputs: any): any;
      /** The model's inputs (a LayersModel's, checked against the argument count). */
      inputs?: readonly unknown[];
    }
  | ((...inputs: any[]) => any);

/** Options of `tfjsForward`. */
export interface TfjsForwardOptions {
  /** Feed the model a map { name: tensor } with these names, in argument order (GraphModel inputs). Default: a tensor, or an array of them. */
  inputNames?: readonly string[];
  /** Which output of a multi-output model: an index into its output array, or a key of its output map. Default: the only output, or the first. */
  output?: number | string;
}

/**
 * `new Occlusion(tfjsForward(model, tf))`: each call wraps forward's tensor arguments
 * as tf tensors, runs the model inside `tf.tidy`, reads the chosen output with
 * `await data()`, disposes it and returns `{ data, shape }`.
 */
export function tfjsForward(model: TfModelLike, tf: TfNamespaceLike, options: TfjsForwardOptions = {}) {
  if (typeof tf?.tidy !== "function" || typeof tf.tensor !== "function") {
    throw new OcclusionError("ADAPTER_MODEL", "tfjsForward(model, tf): tf must be the TensorFlow.js namespace (with tidy and tensor)");
  }
  const run = modelRunner(model, options);
  return async (...args: unknown[]): Promise<{ data: ArrayLike<number>; shape: number[] }> => {
    const output: TfTensorLike = tf.tidy(() => pickOutput(run(args.map((arg, index) => toTf(tf, arg, index))), options.output));
    try {
      return { data: await output.data(), shape: [...output.shape] };
    } finally {
      output.dispose();
    }
  };
}

function modelRunner(model: TfModelLike, options: TfjsForwardOptions): (tensors: unknown[]) => TfOutput {
  if (typeof model === "function") return (tensors) => model(...tensors);
  if (typeof model?.predict !== "function") {
    throw new OcclusionError("ADAPTER_MODEL", "tfjsForward: model must have predict() (tf.LayersModel, tf.GraphModel) or be a function of tensors");
  }
  const names = options.inputNames && checkNames(options.inputNames, "tfjsForward: inputNames");
  const count = names?.length ?? model.inputs?.length;
  // Checked per call: the count of tensor arguments is only known then.
  return (tensors) => {
    if (count !== undefined && tensors.length !== count) {
      throw new OcclusionError("ADAPTER_INPUTS", `tfjsForward: the model takes ${count} input(s) but forward got ${tensors.length} argument(s); ` +
        "pass one input (or tensor additionalForwardArgs entry) per model input");
    }
    if (names) return model.predict(Object.fromEntries(names.map((name, i) => [name, tensors[i]])));
    return model.predict(tensors.length === 1 ? tensors[0] : tensors);
  };
}

function toTf(tf: TfNamespaceLike, arg: unknown, index: number): unknown {
  const tensor = asTensorArg(arg, argName(index), "tfjsForward");
  // TF.js has no int64: integer data goes in as int32.
  const data = tensor.data instanceof BigInt64Array ? Int32Array.from(tensor.data, Number) : tensor.data;
  return tf.tensor(data, tensor.shape);
}

function pickOutput(output: TfOutput, choice: number | string | undefined): TfTensorLike {
  const isTensor = (value: unknown): value is TfTensorLike => typeof (value as TfTensorLike)?.dispose === "function" && Array.isArray((value as TfTensorLike).shape);
  if (isTensor(output)) return output;
  const picked = Array.isArray(output) ? output[typeof choice === "number" ? choice : 0] : output?.[(choice ?? Object.keys(output ?? {})[0]) as string];
  if (!isTensor(picked)) {
    throw new OcclusionError("ADAPTER_OUTPUT", `tfjsForward: the model returned no tensor for output ${JSON.stringify(choice ?? 0)}`);
  }
  return picked;
}
