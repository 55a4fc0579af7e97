// Which windows a run evaluates, and in which order (README "Long runs"). A shard
// (windows: [start, end]) or a resume (resumeFrom) evaluates only some windows; the
// "coarse-to-fine" order evaluates a strided subset of the window grid first, then the
// gaps, so the map after any prefix is spread over the whole input. Either way the
// result is the same bits: differences are stored per window and reduced in window order.
//
// A schedule is call-major: call b, copy c evaluates schedule[b * P + c]. Within each
// list of windows the copies are dealt runs of consecutive entries (as windowOf deals
// the full run), so from one call to the next a copy moves to a near window and the
// kernel's in-place update stays small.
import type { Plan } from "../methods/window-plan.ts";

export type WindowOrder = "index" | "coarse-to-fine";

/**
 * The schedule of a run over the windows start <= w < end not yet done (done[w] = 1),
 * or null when that is every window in index order (the plan's own dealing rule).
 */
export function buildSchedule(plan: Plan, order: WindowOrder, range: [number, number], done: Uint8Array | null): Int32Array | null {
  const [start, end] = range;
  if (order === "index" && start === 0 && end === plan.windowCount && !done) return null;
  const pending = (window: number) => window >= start && window < end && !(done && done[window]);
  const lists = order === "index" ? [indexOrder(start, end, pending)] : coarseToFineLists(plan, pending);
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const schedule = new Int32Array(total);
  let at = 0;
  for (const list of lists) {
    deal(list, plan.perturbationsPerEval, schedule, at);
    at += list.length;
  }
  return schedule;
}

function indexOrder(start: number, end: number, pending: (window: number) => boolean): Int32Array {
  const list: number[] = [];
  for (let window = start; window < end; window++) if (pending(window)) list.push(window);
  return Int32Array.from(list);
}

/**
 * Windows grouped by pass: pass 0 holds the windows whose grid coordinates are all
 * multiples of 2^L (L = ceil(log2(most shifts in a dimension))), pass p those that are
 * multiples of 2^(L - p) but not of 2^(L - p + 1). Each pass lists windows in index order.
 */
function coarseToFineLists(plan: Plan, pending: (window: number) => boolean): Int32Array[] {
  const levels = Math.max(0, ...plan.geometries.map((geometry) => Math.ceil(Math.log2(Math.max(...geometry.shifts, 1)))));
  const passes: number[][] = Array.from({ length: levels + 1 }, () => []);
  plan.geometries.forEach((geometry, input) => {
    const first = plan.firstWindow[input];
    const coords = new Array<number>(geometry.shifts.length).fill(0);
    for (let local = 0; local < geometry.windowCount; local++) {
      if (pending(first + local)) passes[levels - Math.min(levels, sharedTrailingZeros(coords))].push(first + local);
      step(coords, geometry.shifts);
    }
  });
  return passes.map((pass) => Int32Array.from(pass));
}

/** The fewest trailing zero bits among the coordinates (0 counts as having all of them). */
function sharedTrailingZeros(coords: number[]): number {
  let fewest = 32;
  for (const coord of coords) if (coord !== 0) fewest = Math.min(fewest, 31 - Math.clz32(coord & -coord));
  return fewest;
}

/** Mixed-radix increment, dimension 0 fastest (Captum's window order). */
function step(coords: number[], shifts: number[]): void {
  for (let dim = 0; dim < coords.length; dim++) {
    if (++coords[dim] < shifts[dim]) return;
    coords[dim] = 0;
  }
}

/**
 * Writes `list` call-major into out[at...]: with K = ceil(N / P) calls, copy c takes the
 * run of consecutive entries [c(K - 1) + min(c, r), ...), K of them for the first
 * r = N - (K - 1)P copies and K - 1 for the others (windowOf's rule).
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
