// How the perturbations of a run are dealt to the copies of its forward calls (README
// "How windows are batched"): with P copies per call and N perturbations, K = ceil(N / P)
// calls; copy c walks its own run of consecutive perturbations, one per call, so from one
// call to the next a copy moves to the adjacent perturbation and the kernel rewrites only
// what differs. Copies 0..r-1 own K perturbations, the others K - 1 (r = copies of the
// last call), so every call but the last holds P, as in Captum. The kernel's dealWindows
// (assembly/batch/deal.ts) applies the same rule when it moves the copies. A shard, a
// resume, another order or perturbationsPerEval "auto" deals through a call table instead
// (call-table.ts).
import type { CallTable } from "./call-table.ts";

export interface Dealing {
  /** Perturbations dealt: all of the run's, or those of its call table. */
  perturbationCount: number;
  perturbationsPerEval: number;
  copiesPerCall: number;
  batchCount: number;
  /** Set when the calls are listed (a shard, a resume, another order, "auto"); batchCount is then the table's. */
  calls: CallTable | null;
}

export function dealing(perturbationCount: number, perturbationsPerEval: number, calls: CallTable | null = null): Dealing {
  if (calls) return { calls, perturbationCount: calls.perturbationCount, perturbationsPerEval, copiesPerCall: calls.maxCopies, batchCount: NaN };
  return {
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
  const calls = deal.batchCount;
  const longCopies = copiesOfCall(deal, calls - 1);
  if (batch < 0 || copy >= deal.copiesPerCall || batch >= (copy < longCopies ? calls : calls - 1)) return -1;
  return copy * (calls - 1) + Math.min(copy, longCopies) + batch;
}

/** Forward calls dealt: fixed, or for "auto" the calls decided so far. */
export function callsDealt(deal: Dealing): number {
  return deal.calls ? deal.calls.count : deal.batchCount;
}

/**
 * What every plan shares: it deals its perturbations by the rule above. A plan extends
 * this with its own perturbations (windows, features) and its kernel side.
 */
export abstract class DealtPlan {
  protected readonly deal: Dealing;

  protected constructor(perturbationCount: number, perturbationsPerEval: number, calls: CallTable | null) {
    this.deal = dealing(perturbationCount, perturbationsPerEval, calls);
  }

  get copiesPerCall(): number {
    return this.deal.copiesPerCall;
  }

  get batchCount(): number {
    return callsDealt(this.deal);
  }

  copiesOf(batch: number): number {
    return copiesOfCall(this.deal, batch);
  }

  perturbationOf(batch: number, copy: number): number {
    return dealtPerturbation(this.deal, batch, copy);
  }
}
