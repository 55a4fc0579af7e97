// Cancellation through an AbortSignal: a run rejects with ABORTED before its next
// forward call, or at once while a forward call is in flight (the call is left to
// settle; the run's memory is released after it has).
import { OcclusionError, guardRead } from "../errors.ts";

export interface AbortWatch {
  /** Rejects with ABORTED when the signal aborts; never resolves. Rejections are always handled. */
  aborted: Promise<never>;
  /** Throws ABORTED if the signal has aborted. */
  check(): void;
  /** Removes the listener; call when the run ends, whatever the outcome. */
  dispose(): void;
}

const NEVER: Promise<never> = new Promise(() => undefined);

export function watchAbort(signal: AbortSignal | undefined): AbortWatch {
  if (!signal) return { aborted: NEVER, check: () => undefined, dispose: () => undefined };
  let reject: (error: unknown) => void = () => undefined;
  const aborted = new Promise<never>((_, fail) => (reject = fail));
  aborted.catch(() => undefined); // a run that already ended does not await it
  const onAbort = () => reject(abortError(signal));
  guardRead("the signal", () => {
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) onAbort();
  });
  return {
    aborted,
    check: () => throwIfAborted(signal),
    dispose: () => {
      try {
        signal.removeEventListener("abort", onAbort);
      } catch {
        // a signal whose removeEventListener throws: the run has ended either way
      }
    },
  };
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (guardRead("signal.aborted", () => signal?.aborted)) throw abortError(signal!);
}

function abortError(signal: AbortSignal): OcclusionError {
  let reason: unknown;
  try {
    reason = signal.reason;
  } catch (error) {
    reason = error;
  }
  return new OcclusionError("ABORTED", "the run was aborted by its signal", { cause: reason });
}
