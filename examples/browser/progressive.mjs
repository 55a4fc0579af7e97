// The heat map while Occlusion is still running. attribute() only resolves with the final
// map, so the page wraps its model: every forward call goes through a recorder that
// keeps f(input) - f(perturbed) per window, and PartialAttribution spreads those over the
// windows finished so far. The wrapper can tell which window each row perturbed because
// the order is part of the library's contract (README "How windows are batched"): the
// unperturbed call comes first; then each of the perturbationsPerEval batch copies walks
// its own run of consecutive windows (index order, first non-batch dimension fastest), one
// window per call, one call at a time. So the map fills in from several places at once.
// Once every window is in, the values equal the exact attributions (up to float
// rounding); the page still draws the library's result at the end.

/**
 * The window copy `copy` of perturbed call `call` (0-based, after the unperturbed call)
 * occludes, or -1 if that call has fewer copies: with K = ceil(windows / perEval) calls,
 * the first windows - (K - 1) * perEval copies own K consecutive windows each, the others K - 1.
 */
export function windowOfCopy(windowCount, perturbationsPerEval, call, copy) {
  const copies = Math.min(perturbationsPerEval, windowCount);
  const calls = Math.ceil(windowCount / copies);
  const longRuns = windowCount - (calls - 1) * copies;
  if (copy >= copies || call >= (copy < longRuns ? calls : calls - 1)) return -1;
  return copy * (calls - 1) + Math.min(copy, longRuns) + call;
}

/** Mean output difference per element over the windows added so far (Captum's geometry). */
export class PartialAttribution {
  /** sizes, window, strides: the input's non-batch dimensions, e.g. [1, 28, 28]. */
  constructor(sizes, window, strides) {
    this.sizes = sizes;
    this.window = window;
    this.strides = strides;
    this.shifts = sizes.map((size, d) => Math.ceil((size - window[d]) / strides[d]) + 1);
    this.windowCount = product(this.shifts);
    this.sums = new Float64Array(product(sizes));
    this.counts = new Uint32Array(this.sums.length);
    this.added = 0;
  }

  get complete() {
    return this.added === this.windowCount;
  }

  /** Adds the output difference of window k (each window once). */
  add(k, difference) {
    if (this.complete) throw new Error(`all ${this.windowCount} windows were already added`);
    this.added++;
    const { start, end } = this.box(k);
    forEachIndex(this.sizes, start, end, (index) => {
      this.sums[index] += difference;
      this.counts[index] += 1;
    });
  }

  /** [start, end) per dimension of window k (the last one in a dimension may be cut off). */
  box(k) {
    const start = [], end = [];
    let rest = k;
    this.sizes.forEach((size, d) => {
      start.push((rest % this.shifts[d]) * this.strides[d]);
      end.push(Math.min(start[d] + this.window[d], size));
      rest = Math.floor(rest / this.shifts[d]);
    });
    return { start, end };
  }

  /** 1 where a finished window covers the element, 0 where none does yet. */
  covered() {
    return Uint8Array.from(this.counts, (count) => (count > 0 ? 1 : 0));
  }

  /** The current map; elements no finished window covers yet are 0. */
  values() {
    return Float32Array.from(this.sums, (sum, i) => (this.counts[i] ? sum / this.counts[i] : 0));
  }
}

/**
 * Wraps a model (input Tensor -> { data } with `classes` logits per row) so that each
 * call's selected logit feeds `partial`. For one example: call 1 is the reference; in
 * every later call, row r is the window windowOfCopy gives for that call and copy r.
 */
export function recordingForward(model, target, partial, perturbationsPerEval) {
  let reference;
  let call = -1; // perturbed calls counted from 0
  return async (input) => {
    const output = await model(input);
    const rows = input.shape[0];
    const classes = output.data.length / rows;
    for (let row = 0; row < rows; row++) {
      const value = output.data[row * classes + target];
      if (reference === undefined) reference = value;
      else partial.add(windowOfCopy(partial.windowCount, perturbationsPerEval, call, row), reference - value);
    }
    call++;
    return output;
  };
}

function product(values) {
  return values.reduce((a, b) => a * b, 1);
}

/** Calls visit(flat row-major index) for every element of the box [start, end). */
function forEachIndex(sizes, start, end, visit) {
  const position = [...start];
  if (position.some((p, d) => p >= end[d])) return;
  const last = sizes.length - 1;
  for (;;) {
    let index = 0;
    for (let d = 0; d <= last; d++) index = index * sizes[d] + position[d];
    visit(index);
    let d = last; // odometer: the last dimension moves fastest in memory
    while (d >= 0 && ++position[d] === end[d]) position[d] = start[d--];
    if (d < 0) return;
  }
}
