// Occlusion's passes for order "coarse-to-fine" (engine/schedule.ts): pass 0 holds the
// windows whose grid coordinates are all multiples of 2^L (L = ceil(log2(most shifts in a
// dimension))), pass p those that are multiples of 2^(L - p) but not of 2^(L - p + 1):
// a strided subset of the window grid first, then the gaps. Each pass is in index order.
import type { WindowPlan } from "./window-plan.ts";

export function windowPasses(plan: WindowPlan, pending: (window: number) => boolean): Int32Array[] {
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
