// Occlusion (Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks",
// arXiv 1311.2901), with the semantics of Captum's captum.attr.Occlusion. One engine
// (run.ts) and two thin drivers: attribute (async forwards, optional concurrency) and
// attributeSync (sync forwards, after init()).
import { normalizeCall, type AttributeOptions, type NormalizedCall } from "./args.ts";
import { OcclusionError, fail } from "./errors.ts";
import { init, isInitialized, type InitOptions, type KernelInfo } from "./kernel.ts";
import { OcclusionRun } from "./run.ts";
import type { Tensor, TensorLike } from "./tensor.ts";

/** The model: receives each input as a Tensor (read-only, valid until it returns or resolves), then the additional args. */
export type ForwardFunction = (...args: any[]) => unknown;

type Result<I> = I extends readonly unknown[] ? Tensor[] : Tensor;

export class Occlusion {
  constructor(readonly forward: ForwardFunction) {
    if (typeof forward !== "function") fail("INVALID_FORWARD", `new Occlusion(forward) needs a function, got ${typeof forward}`);
  }

  /** Loads the kernel ahead of time (the same as the module-level init). */
  init(options?: InitOptions): Promise<KernelInfo> {
    return init(options);
  }

  /** Attributions for `inputs`; resolves to one Tensor, or an array when an array was given. */
  async attribute<I extends TensorLike | readonly TensorLike[]>(inputs: I, options: AttributeOptions): Promise<Result<I>> {
    const call = normalizeCall(inputs, options);
    throwIfAborted(call.signal);
    await init();
    return shapeResult(call, await driveAsync(this.forward, call)) as Result<I>;
  }

  /** The same as attribute for a synchronous forward; init() must have resolved. */
  attributeSync<I extends TensorLike | readonly TensorLike[]>(inputs: I, options: AttributeOptions): Result<I> {
    const call = normalizeCall(inputs, options);
    throwIfAborted(call.signal);
    if (!isInitialized()) fail("NOT_INITIALIZED", "attributeSync needs the kernel: await init() (or occ.init()) once before");
    return shapeResult(call, driveSync(this.forward, call)) as Result<I>;
  }
}

function shapeResult(call: NormalizedCall, tensors: Tensor[]): Tensor | Tensor[] {
  return call.isTuple ? tensors : tensors[0];
}

function driveSync(forward: ForwardFunction, call: NormalizedCall): Tensor[] {
  const run = new OcclusionRun(call);
  const report = progressReporter(call, run.callCount);
  try {
    run.acceptReference(callSync(forward, run.referenceArgs(), -1, run.batchCount), 1);
    report();
    for (let batch = 0; batch < run.batchCount; batch++) {
      throwIfAborted(call.signal);
      run.acceptBatch(batch, callSync(forward, run.batchArgs(0, batch), batch, run.batchCount));
      report();
    }
    return run.finish();
  } finally {
    run.release();
  }
}

function callSync(forward: ForwardFunction, args: unknown[], batch: number, batchCount: number): unknown {
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

async function driveAsync(forward: ForwardFunction, call: NormalizedCall): Promise<Tensor[]> {
  const run = new OcclusionRun(call);
  const report = progressReporter(call, run.callCount);
  const slots = Math.min(call.concurrency, Math.max(run.batchCount, 1));
  let inFlight: Promise<unknown> = Promise.resolve();
  try {
    const reference = await callAsync(forward, run.referenceArgs(), -1, run.batchCount);
    run.acceptReference(reference, slots);
    report();
    const batches = runBatches(forward, call, run, slots, report);
    inFlight = batches.settled;
    await batches.done;
    return run.finish();
  } finally {
    // Forward calls still in flight may read the batch buffers: release after they settle.
    inFlight.then(() => run.release());
  }
}

interface BatchLoop {
  /** Resolves when every batch is stored; rejects at the first failure or abort. */
  done: Promise<void>;
  /** Resolves when no forward call is in flight any more. */
  settled: Promise<unknown>;
}

function runBatches(forward: ForwardFunction, call: NormalizedCall, run: OcclusionRun, slots: number, report: () => void): BatchLoop {
  let next = 0;
  let stopped = false;
  let rejectDone: (error: unknown) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => (rejectDone = reject));
  const onAbort = () => rejectDone(abortError(call.signal));
  call.signal?.addEventListener("abort", onAbort, { once: true });
  const worker = async (slot: number) => {
    while (!stopped && next < run.batchCount) {
      const batch = next++;
      throwIfAborted(call.signal);
      const value = await callAsync(forward, run.batchArgs(slot, batch), batch, run.batchCount);
      if (stopped) return;
      run.acceptBatch(batch, value);
      report();
    }
  };
  const workers = Array.from({ length: slots }, (_, slot) => worker(slot));
  const all = Promise.all(workers);
  const done = Promise.race([all, aborted]).then(() => undefined).finally(() => {
    stopped = true;
    call.signal?.removeEventListener("abort", onAbort);
  });
  aborted.catch(() => undefined);
  return { done, settled: Promise.allSettled(workers) };
}

async function callAsync(forward: ForwardFunction, args: unknown[], batch: number, batchCount: number): Promise<unknown> {
  try {
    return await forward(...args);
  } catch (error) {
    throw forwardError(error, batch, batchCount);
  }
}

function forwardError(error: unknown, batch: number, batchCount: number): OcclusionError {
  const where = batch < 0 ? "the unperturbed call" : `batch ${batch + 1} of ${batchCount}`;
  const reason = error instanceof Error ? error.message : String(error);
  return new OcclusionError("FORWARD_FAILED", `forward failed on ${where}: ${reason}`, { cause: error });
}

function progressReporter(call: NormalizedCall, total: number): () => void {
  let done = 0;
  return () => call.progress?.({ done: ++done, total });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

function abortError(signal: AbortSignal | undefined): OcclusionError {
  return new OcclusionError("ABORTED", "the run was aborted by its signal", { cause: signal?.reason });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
