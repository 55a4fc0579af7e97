// Calling the user's forward function: a throw or rejection becomes FORWARD_FAILED with
// the original error as `cause` and the call named in the message ("batch 3 of 10").
import { OcclusionError, describe, fail } from "../errors.ts";

/** The model: receives each input as a Tensor (read-only, valid until it returns or resolves), then the additional args. */
export type ForwardFunction = (...args: any[]) => unknown;

/** `batch` -1 is the unperturbed call. */
export function callSync(forward: ForwardFunction, args: unknown[], batch: number, batchCount: number): unknown {
  let value: unknown;
  try {
    value = forward(...args);
  } catch (error) {
    throw forwardError(error, batch, batchCount);
  }
  if (isThenable(value)) {
    value.then(undefined, () => undefined); // the run has ended; keep the rejection from going unhandled
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
  try {
    value = forward(...args);
  } catch (error) {
    throw forwardError(error, batch, batchCount);
  }
  if (!isThenable(value)) return value;
  return Promise.resolve(value).catch((error: unknown) => {
    onFailure?.();
    throw forwardError(error, batch, batchCount);
  });
}

function forwardError(error: unknown, batch: number, batchCount: number): OcclusionError {
  const where = batch < 0 ? "the unperturbed call" : `batch ${batch + 1} of ${batchCount}`;
  const reason = error instanceof Error ? error.message : describe(error);
  return new OcclusionError("FORWARD_FAILED", `forward failed on ${where}: ${reason}`, { cause: error });
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
