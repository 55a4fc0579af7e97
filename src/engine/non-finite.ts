// Captum's result for NaN and Infinity in forward outputs, reproduced exactly. Captum
// accumulates sum over windows w of diff[w] * mask_w(p), so a non-finite difference
// times a 0 mask is NaN: one non-finite difference in an output row makes every
// position of that row NaN, except where all of the row's non-finite windows overlap;
// there the non-finite terms dominate and the mean is their sum (±Infinity or NaN).
// The kernel's prefix sums would instead spread NaN along the window order, so such
// rows are rewritten here. This path runs only when a difference was not finite.
import type { InputGeometry } from "../methods/window-plan.ts";

type Box = { start: number[]; end: number[] };

/** Rewrites the rows of `attr` ([rows, ...example]) whose differences ([windows, rows]) hold NaN or ±Infinity. */
export function patchNonFiniteRows(attr: Float32Array, differences: Float32Array, geometry: InputGeometry, rows: number): void {
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    let box: Box | null = null;
    for (let window = 0; window < geometry.windowCount; window++) {
      const difference = differences[window * rows + row];
      if (Number.isFinite(difference)) continue;
      sum += difference;
      box = intersect(box, windowBox(geometry, window));
    }
    if (box === null) continue;
    const target = attr.subarray(row * geometry.exampleLength, (row + 1) * geometry.exampleLength);
    target.fill(NaN);
    fillBox(target, geometry.sizes, box, sum);
  }
}

/** The box window `window` covers: Captum's order, dimension 0 fastest, cut off at the border. */
function windowBox(geometry: InputGeometry, window: number): Box {
  const start: number[] = [];
  const end: number[] = [];
  let rest = window;
  geometry.shifts.forEach((shifts, dim) => {
    start.push((rest % shifts) * geometry.strides[dim]);
    end.push(Math.min(start[dim] + geometry.window[dim], geometry.sizes[dim]));
    rest = Math.floor(rest / shifts);
  });
  return { start, end };
}

function intersect(box: Box | null, other: Box): Box {
  if (box === null) return other;
  return { start: box.start.map((s, dim) => Math.max(s, other.start[dim])), end: box.end.map((e, dim) => Math.min(e, other.end[dim])) };
}

/** Sets every position of a row-major array of shape `sizes` inside `box` to `value`. */
function fillBox(target: Float32Array, sizes: number[], box: Box, value: number): void {
  if (box.start.some((start, dim) => start >= box.end[dim])) return;
  const at = [...box.start];
  for (;;) {
    let offset = 0;
    for (let dim = 0; dim < sizes.length; dim++) offset = offset * sizes[dim] + at[dim];
    target[offset] = value;
    let dim = sizes.length - 1;
    for (; dim >= 0; dim--) {
      if (++at[dim] < box.end[dim]) break;
      at[dim] = box.start[dim];
    }
    if (dim < 0) return;
  }
}
