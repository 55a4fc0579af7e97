// The synchronous driver: one batch buffer, forward calls one after the other.
import { throwIfAborted } from "./abort.ts";
import type { NormalizedCall } from "./call.ts";
import { callSync, type ForwardFunction } from "./forward-call.ts";
import { countingReporter } from "./progress.ts";
import { AttributionRun, DONE, WAIT } from "./run.ts";
import type { Tensor } from "../tensor.ts";
import type { OcclusionPartial } from "./partial.ts";

export function driveSync(forward: ForwardFunction, call: NormalizedCall): Tensor[] | OcclusionPartial {
  const run = new AttributionRun(call);
  const report = countingReporter(call.progress, () => run.progressState());
  try {
    run.prepare(1);
    run.acceptReference(callSync(forward, run.referenceArgs(), -1, run.batchCount));
    report();
    for (let batch = run.nextBatch(); batch !== DONE; batch = run.nextBatch()) {
      // Each call has returned before the next is asked for, so "auto" never has to wait here.
      if (batch === WAIT) throw new Error("occlusion-wasm internal error: a synchronous run was asked to wait");
      throwIfAborted(call.signal);
      run.acceptBatch(batch, callSync(forward, run.batchArgs(0, batch), batch, run.batchCount));
      report();
    }
    return run.end();
  } catch (error) {
    throw run.withPartial(error);
  } finally {
    report.end();
    run.release();
  }
}
