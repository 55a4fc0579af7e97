// The async driver of one run (attribute): the unperturbed call, then `slots` workers
// that each keep one forward call in flight. The first failure or abort ends the run at
// once: no further forward call starts. A run that ends with calls still in flight
// retires its kernel instance (those calls may read the batch buffers in wasm memory):
// the pool never waits on a promise that may never settle. A forward that answers
// without awaiting anything would never let timers (and so an abort signal) run: the
// loop yields a macrotask every YIELD_MS. With perturbationsPerEval "auto" a worker may
// have to wait for the calls in flight (a measured round) before the next call exists.
import { watchAbort, type AbortWatch } from "./abort.ts";
import type { NormalizedCall } from "./call.ts";
import { isThenable, startAsync, type ForwardFunction } from "./forward-call.ts";
import { nextMacrotask } from "./macrotask.ts";
import { countingReporter } from "./progress.ts";
import { DONE, OcclusionRun, WAIT } from "./run.ts";
import type { Tensor } from "../tensor.ts";
import type { OcclusionPartial } from "./partial.ts";

export async function driveAsync(forward: ForwardFunction, call: NormalizedCall): Promise<Tensor[] | OcclusionPartial> {
  const run = new OcclusionRun(call);
  const abort = watchAbort(call.signal);
  const report = countingReporter(call.progress, () => run.progressState());
  let inFlight = () => 0;
  try {
    abort.check();
    const slots = Math.min(call.concurrency, Math.max(run.maxCalls, 1));
    run.prepare(slots);
    // The unperturbed call reads JS-owned input data, not wasm memory: no need to wait for it.
    run.acceptReference(await Promise.race([startAsync(forward, run.referenceArgs(), -1, run.batchCount), abort.aborted]));
    report();
    const batches = runBatches(forward, run, slots, report, abort);
    inFlight = batches.inFlight;
    await batches.done;
    return run.end();
  } catch (error) {
    throw run.withPartial(error);
  } finally {
    report.end();
    abort.dispose();
    run.release(inFlight() === 0);
  }
}

interface BatchLoop {
  /** Resolves when every batch is stored; rejects at the first failure or abort. */
  done: Promise<void>;
  /** How many forward calls have started and not settled. */
  inFlight: () => number;
}

/** Longest stretch the loop runs without letting timers and events in (abort latency). */
export const YIELD_MS = 20;

/**
 * Calls after which the loop yields anyway if the clock has not moved since the last
 * yield: a deployed Cloudflare Worker's clock advances only on I/O, so YIELD_MS alone
 * would never pass during a synchronous forward. Elsewhere 1000 calls take milliseconds.
 */
export const YIELD_CALLS_IF_CLOCK_STILL = 1000;

function runBatches(forward: ForwardFunction, run: OcclusionRun, slots: number, report: () => void, abort: AbortWatch): BatchLoop {
  let stopped = false;
  let active = 0;
  let lastYield = Date.now();
  let callsSinceYield = 0;
  // Workers waiting for the calls in flight ("auto"), woken when a call ends or the run stops.
  let waiting: (() => void)[] = [];
  const wake = () => {
    const woken = waiting;
    waiting = [];
    for (const resolve of woken) resolve();
  };
  const stop = () => {
    stopped = true;
    wake();
  };
  const worker = async (slot: number) => {
    try {
      while (!stopped) {
        abort.check();
        const batch = run.nextBatch();
        if (batch === DONE) return;
        if (batch === WAIT) {
          await new Promise<void>((resolve) => waiting.push(resolve));
          continue;
        }
        active++;
        let value: unknown;
        try {
          const started = startAsync(forward, run.batchArgs(slot, batch), batch, run.batchCount, stop);
          value = isThenable(started) ? await started : started;
        } finally {
          active--;
        }
        if (stopped) return;
        run.acceptBatch(batch, value);
        report();
        wake();
        const now = Date.now();
        if (now - lastYield >= YIELD_MS || (++callsSinceYield >= YIELD_CALLS_IF_CLOCK_STILL && now === lastYield)) {
          await nextMacrotask();
          lastYield = Date.now();
          callsSinceYield = 0;
        }
      }
    } catch (error) {
      stop(); // synchronously, so no other worker starts a call after this one failed
      throw error;
    }
  };
  const workers = Array.from({ length: slots }, (_, slot) => worker(slot));
  const done = Promise.race([Promise.all(workers), abort.aborted]).then(() => undefined, (error: unknown) => {
    stop();
    throw error;
  });
  return { done, inFlight: () => active };
}
