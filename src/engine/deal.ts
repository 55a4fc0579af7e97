// How the perturbations of a run are dealt to the copies of its forward calls (README
// "How windows are batched"): with P copies per call and N perturbations, K = ceil(N / P)
// calls; copy c walks its own run of consecutive perturbations, one per call, so from one
// call to the next a copy moves to the adjacent perturbation and the kernel rewrites only
// what differs. Copies 0..r-1 own K perturbations, the others K - 1 (r = copies of the
// last call), so every call but the last holds P, as in Captum. The kernel's dealWindows
// (assembly/batch/deal.ts) applies the same rule when it moves the copies.

export interface Dealing {
  perturbationCount: number;
  perturbationsPerEval: number;
  copiesPerCall: number;
  batchCount: number;
}

export function dealing(perturbationCount: number, perturbationsPerEval: number): Dealing {
  return {
    perturbationCount,
    perturbationsPerEval,
    copiesPerCall: Math.min(perturbationsPerEval, perturbationCount),
    batchCount: Math.ceil(perturbationCount / perturbationsPerEval),
  };
}

/** How many perturbations (batch copies) forward call `batch` evaluates. */
export function copiesOfCall(deal: Dealing, batch: number): number {
  return Math.min(deal.perturbationsPerEval, deal.perturbationCount - batch * deal.perturbationsPerEval);
}

/** The perturbation copy `copy` of call `batch` holds, or -1 if that call has fewer copies. */
export function dealtPerturbation(deal: Dealing, batch: number, copy: number): number {
  const calls = deal.batchCount;
  const longCopies = copiesOfCall(deal, calls - 1);
  if (batch < 0 || copy >= deal.copiesPerCall || batch >= (copy < longCopies ? calls : calls - 1)) return -1;
  return copy * (calls - 1) + Math.min(copy, longCopies) + batch;
}
