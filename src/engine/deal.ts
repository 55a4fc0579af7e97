// How the perturbations of a run are dealt to the copies of its forward calls (README
// "How windows are batched"): with P copies per call and N perturbations, K = ceil(N / P)
// calls; copy c walks its own run of consecutive perturbations, one per call, so from one
// call to the next a copy moves to the adjacent perturbation and the kernel rewrites only
// what differs. Copies 0..r-1 own K perturbations, the others K - 1 (r = copies of the
// last call), so every call but the last holds P, as in Captum. The kernel's dealWindows
// (assembly/batch/deal.ts) applies the same rule when it moves the copies. A run with
// perturbationsPerEval "auto" deals through its call table instead (call-table.ts).
import type { CallTable } from "./call-table.ts";

export interface Dealing {
  /** Perturbations dealt: all of the run's, or those of its schedule. */
  perturbationCount: number;
  perturbationsPerEval: number;
  copiesPerCall: number;
  batchCount: number;
  /**
   * Set for a run restricted to some perturbations or in another order (schedule.ts):
   * call b, copy c holds schedule[b * perturbationsPerEval + c].
   */
  schedule: Int32Array | null;
  /** Set for perturbationsPerEval "auto": calls of different sizes; batchCount grows with it. */
  calls: CallTable | null;
}

export function dealing(perturbationCount: number, perturbationsPerEval: number, schedule: Int32Array | null = null, calls: CallTable | null = null): Dealing {
  if (schedule) perturbationCount = schedule.length;
  if (calls) return { schedule: null, calls, perturbationCount: calls.perturbationCount, perturbationsPerEval: calls.maxCopies, copiesPerCall: calls.maxCopies, batchCount: NaN };
  return {
    schedule,
    calls,
    perturbationCount,
    perturbationsPerEval,
    copiesPerCall: Math.min(perturbationsPerEval, perturbationCount),
    batchCount: Math.ceil(perturbationCount / perturbationsPerEval),
  };
}

/** How many perturbations (batch copies) forward call `batch` evaluates. */
export function copiesOfCall(deal: Dealing, batch: number): number {
  if (deal.calls) return deal.calls.copiesOf(batch);
  return Math.min(deal.perturbationsPerEval, deal.perturbationCount - batch * deal.perturbationsPerEval);
}

/** The perturbation copy `copy` of call `batch` holds, or -1 if that call has fewer copies. */
export function dealtPerturbation(deal: Dealing, batch: number, copy: number): number {
  if (deal.calls) return deal.calls.perturbationOf(batch, copy);
  if (deal.schedule) {
    const at = batch * deal.perturbationsPerEval + copy;
    return batch < 0 || copy >= deal.perturbationsPerEval || at >= deal.schedule.length ? -1 : deal.schedule[at];
  }
  const calls = deal.batchCount;
  const longCopies = copiesOfCall(deal, calls - 1);
  if (batch < 0 || copy >= deal.copiesPerCall || batch >= (copy < longCopies ? calls : calls - 1)) return -1;
  return copy * (calls - 1) + Math.min(copy, longCopies) + batch;
}

/** Forward calls dealt: fixed, or for "auto" the calls decided so far. */
export function callsDealt(deal: Dealing): number {
  return deal.calls ? deal.calls.count : deal.batchCount;
}
