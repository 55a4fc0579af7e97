// Calling the user's forward function: a throw or rejection becomes FORWARD_FAILED with
// the original error as `cause` and the call named in the message ("batch 3 of 10").
import { OcclusionError, errorText, fail } from "../errors.ts";
import type { InputArray, Tensor } from "../tensor.ts";

/** Nested arrays of numbers, as a model might return them (`[[0.1, 0.9], [0.7, 0.3]]`). */
export type NestedNumbers = number | readonly NestedNumbers[];

/**
 * What `forward` may return, checked again at run time: a number (one value for the
 * whole batch), a tensor-like (the library's `Tensor`, an onnxruntime tensor
 * `{ data, dims }`, a TF.js tensor `{ shape, dataSync() }`, ndarray-style
 * `{ data, shape }`), a typed array or `number[]` (shape `[length]`), or nested numbers.
 * The data of tensor-likes is typed loosely so that other libraries' tensor types fit;
 * a tensor holding strings is rejected at run time (`FORWARD_OUTPUT_TYPE`).
 */
export type ForwardOutput =
  | NestedNumbers
  | ArrayLike<number>
  | { readonly data: ArrayLike<unknown>; readonly shape: readonly number[] }
  | { readonly data: ArrayLike<unknown>; readonly dims: readonly number[] }
  | {
      readonly shape: readonly number[];
      /** The values, row-major (a TensorFlow.js tensor). */
      dataSync(): ArrayLike<unknown>;
    };

/** A `ForwardOutput`, or a promise of one (an async model). */
export type ForwardResult = ForwardOutput | PromiseLike<ForwardOutput>;

/**
 * The model, as `Occlusion` and `FeatureAblation` call it: each input as a `Tensor` of its
 * own type (read-only, valid until the call returns or its promise settles), then the
 * additional forward arguments (as passed; tensor-likes repeated per perturbation as
 * `{ data, shape }`). The first parameter may be annotated as any `Tensor` type
 * (`Tensor<BigInt64Array>` for int64 token ids); annotate the others.
 */
export type ForwardFunction = {
  // Method syntax: the first parameter is compared both ways, so a forward annotated
  // with one input type (Tensor<Int32Array>) fits, and a string parameter does not.
  /** Gets the (perturbed) inputs, then the additional forward arguments; returns the scores. */
  forward(input: Tensor<InputArray>, ...more: any[]): ForwardResult;
}["forward"];

/** A forward whose every parameter is an input: all of them are typed `Tensor`. */
export type InputsForward = (...inputs: Tensor[]) => ForwardResult;

/** `batch` -1 is the unperturbed call. */
export function callSync(forward: ForwardFunction, args: unknown[], batch: number, batchCount: number): unknown {
  let value: unknown;
  let thenable: boolean;
  try {
    value = (forward as (...values: unknown[]) => unknown)(...args);
    thenable = isThenable(value); // a `then` getter that throws is the forward's failure
  } catch (error) {
    throw forwardError(error, batch, batchCount);
  }
  if (thenable) {
    // The run has ended; keep the rejection (or a throwing `then`) from going unhandled.
    Promise.resolve(value).then(undefined, () => undefined);
    fail("FORWARD_ASYNC_IN_SYNC", "forward returned a promise in attributeSync; use attribute() for async forwards");
  }
  return value;
}

/**
 * Starts a forward call for the async driver. A synchronous throw is rethrown at once (as
 * FORWARD_FAILED), so the caller can stop other workers before they start a call; a
 * value that is not a promise is returned as it is, so a synchronous forward costs no
 * microtask round trip; a rejection becomes FORWARD_FAILED when it arrives, and
 * `onFailure` runs at that moment, before any continuation of other calls that settled
 * after it.
 */
export function startAsync(
  forward: ForwardFunction, args: unknown[], batch: number, batchCount: number, onFailure?: () => void,
): unknown {
  let value: unknown;
  let thenable: boolean;
  try {
    value = (forward as (...values: unknown[]) => unknown)(...args);
    thenable = isThenable(value);
  } catch (error) {
    throw forwardError(error, batch, batchCount);
  }
  if (!thenable) return value;
  return Promise.resolve(value).catch((error: unknown) => {
    onFailure?.();
    throw forwardError(error, batch, batchCount);
  });
}

function forwardError(error: unknown, batch: number, batchCount: number): OcclusionError {
  const where = batch < 0 ? "the unperturbed call" : `batch ${batch + 1} of ${batchCount}`;
  return new OcclusionError("FORWARD_FAILED", `forward failed on ${where}: ${errorText(error)}`, { cause: error });
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
