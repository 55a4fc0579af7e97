// Which perturbations (Occlusion: windows) a run evaluates, and in which order
// (docs/long-runs.md). A shard (windows: [start, end]) or a resume (resumeFrom) evaluates
// only some; the "coarse-to-fine" order evaluates the plan's passes one after the other
// (Occlusion: a strided subset of the window grid first, then the gaps), so the map after
// any prefix is spread over the whole input. Either way the result is the same bits:
// differences are stored per perturbation and reduced in index order.
//
// The schedule is a call table (call-table.ts) of P copies per call. Within each list of
// windows the copies are dealt runs of consecutive entries (as engine/deal.ts deals the
// full run), so from one call to the next a copy moves to a near window and the kernel's
// in-place update stays small.
import { CallTable } from "./call-table.ts";
import type { PerturbationPlan } from "./plan.ts";

/** The order windows are evaluated in: `"index"` (Captum's) or `"coarse-to-fine"` (spread over the input early); the result is the same either way. */
export type WindowOrder = "index" | "coarse-to-fine";

/**
 * The calls of a run over the windows start <= w < end not yet done (done[w] = 1), or
 * null when that is every window in index order (the plan's own dealing rule).
 */
export function buildSchedule(plan: PerturbationPlan, order: WindowOrder, range: [number, number], done: Uint8Array | null): CallTable | null {
  const lists = scheduleLists(plan, order, range, done);
  if (!lists) return null;
  const size = plan.perturbationsPerEval;
  const entries = dealLists(lists, size);
  const table = new CallTable(entries.length, Math.min(size, entries.length));
  table.append(entries, size);
  return table;
}

/**
 * The windows start <= w < end not yet done, as the lists they are dealt in (one for index
 * order, one per pass for coarse-to-fine), or null when that is every window in index order.
 */
export function scheduleLists(plan: PerturbationPlan, order: WindowOrder, range: [number, number], done: Uint8Array | null): Int32Array[] | null {
  const [start, end] = range;
  if (order === "index" && start === 0 && end === plan.perturbationCount && !done) return null;
  const pending = (window: number) => window >= start && window < end && !(done && done[window]);
  return order === "index" ? [indexOrder(start, end, pending)]
    : plan.passes ? plan.passes(pending) : indexPasses(plan.perturbationCount, pending);
}

/** The lists dealt one after the other at `perturbationsPerEval` copies per call, call-major. */
export function dealLists(lists: readonly Int32Array[], perturbationsPerEval: number): Int32Array {
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const schedule = new Int32Array(total);
  let at = 0;
  for (const list of lists) {
    deal(list, perturbationsPerEval, schedule, at);
    at += list.length;
  }
  return schedule;
}

function indexOrder(start: number, end: number, pending: (window: number) => boolean): Int32Array {
  const list: number[] = [];
  for (let window = start; window < end; window++) if (pending(window)) list.push(window);
  return Int32Array.from(list);
}

/** Passes of a plan without its own: perturbation numbers by their trailing zero bits (every 2^L-th first, then the gaps). */
function indexPasses(count: number, pending: (perturbation: number) => boolean): Int32Array[] {
  const levels = Math.ceil(Math.log2(Math.max(count, 1)));
  const passes: number[][] = Array.from({ length: levels + 1 }, () => []);
  for (let index = 0; index < count; index++) {
    if (!pending(index)) continue;
    const zeros = index === 0 ? levels : Math.min(levels, 31 - Math.clz32(index & -index));
    passes[levels - zeros].push(index);
  }
  return passes.map((pass) => Int32Array.from(pass));
}

/**
 * Writes `list` call-major into out[at...]: with K = ceil(N / P) calls, copy c takes the
 * run of consecutive entries [c(K - 1) + min(c, r), ...), K of them for the first
 * r = N - (K - 1)P copies and K - 1 for the others (engine/deal.ts).
 */
function deal(list: Int32Array, perturbationsPerEval: number, out: Int32Array, at: number): void {
  const count = list.length;
  if (count === 0) return;
  const copies = Math.min(perturbationsPerEval, count);
  const calls = Math.ceil(count / copies);
  const longCopies = count - (calls - 1) * copies;
  for (let copy = 0; copy < copies; copy++) {
    const runStart = copy * (calls - 1) + Math.min(copy, longCopies);
    const runLength = copy < longCopies ? calls : calls - 1;
    for (let call = 0; call < runLength; call++) out[at + call * copies + copy] = list[runStart + call];
  }
}
