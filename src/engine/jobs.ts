// The (held, needed) perturbation pairs of one input's batch copies for a move from call
// `heldBatch` to call `batch`, written at jobPtr for the kernel's update: by the kernel's
// dealWindows for the usual dealing, from the plan's call table for a shard, a resume,
// another order or "auto". Local numbers (minus `first`), -1 outside [first, first + count).
import type { KernelExports } from "../wasm/kernel.ts";
import type { PerturbationPlan } from "./plan.ts";

export function writeJobs(kernel: KernelExports, jobPtr: number, plan: PerturbationPlan, heldBatch: number, batch: number, first: number, count: number): number {
  if (!plan.calls) {
    return kernel.dealWindows(jobPtr, plan.copiesPerCall, plan.batchCount, plan.copiesOf(plan.batchCount - 1), heldBatch, batch, first, count);
  }
  const local = (perturbation: number) => (perturbation >= first && perturbation < first + count ? perturbation - first : -1);
  const jobs = new Int32Array(kernel.memory.buffer, jobPtr, plan.copiesPerCall * 2);
  let changes = 0;
  for (let copy = 0; copy < plan.copiesPerCall; copy++) {
    jobs[2 * copy] = local(plan.perturbationOf(heldBatch, copy));
    jobs[2 * copy + 1] = local(plan.perturbationOf(batch, copy));
    if (jobs[2 * copy] !== jobs[2 * copy + 1]) changes++;
  }
  return changes;
}
