// The async driver of one run (attribute): the unperturbed call, then `slots` workers
// that each keep one forward call in flight. The first failure or abort ends the run at
// once: no further forward call starts, and the kernel instance is returned to the pool
// only after every call still in flight has settled, since those calls may read the
// batch buffers in wasm memory.
import { watchAbort, type AbortWatch } from "./abort.ts";
import type { NormalizedCall } from "./call.ts";
import { isThenable, startAsync, type ForwardFunction } from "./forward-call.ts";
import { countingReporter } from "./progress.ts";
import { OcclusionRun } from "./run.ts";
import type { Tensor } from "../tensor.ts";

export async function driveAsync(forward: ForwardFunction, call: NormalizedCall): Promise<Tensor[]> {
  const run = new OcclusionRun(call);
  const abort = watchAbort(call.signal);
  const report = countingReporter(call.progress, run.callCount);
  let settled: Promise<unknown> = Promise.resolve();
  try {
    abort.check();
    const slots = Math.min(call.concurrency, Math.max(run.batchCount, 1));
    run.prepare(slots);
    // The unperturbed call reads JS-owned input data, not wasm memory: no need to wait for it.
    run.acceptReference(await Promise.race([startAsync(forward, run.referenceArgs(), -1, run.batchCount), abort.aborted]));
    report();
    const batches = runBatches(forward, run, slots, report, abort);
    settled = batches.settled;
    await batches.done;
    return run.finish();
  } finally {
    abort.dispose();
    void settled.then(() => run.release());
  }
}

interface BatchLoop {
  /** Resolves when every batch is stored; rejects at the first failure or abort. */
  done: Promise<void>;
  /** Resolves when no forward call is in flight any more. */
  settled: Promise<unknown>;
}

function runBatches(forward: ForwardFunction, run: OcclusionRun, slots: number, report: () => void, abort: AbortWatch): BatchLoop {
  let next = 0;
  let stopped = false;
  const stop = () => (stopped = true);
  const worker = async (slot: number) => {
    try {
      while (!stopped && next < run.batchCount) {
        abort.check();
        const batch = next++;
        const started = startAsync(forward, run.batchArgs(slot, batch), batch, run.batchCount, stop);
        const value = isThenable(started) ? await started : started;
        if (stopped) return;
        run.acceptBatch(batch, value);
        report();
      }
    } catch (error) {
      stopped = true; // synchronously, so no other worker starts a call after this one failed
      throw error;
    }
  };
  const workers = Array.from({ length: slots }, (_, slot) => worker(slot));
  const done = Promise.race([Promise.all(workers), abort.aborted]).then(() => undefined, (error: unknown) => {
    stop();
    throw error;
  });
  return { done, settled: Promise.allSettled(workers) };
}
