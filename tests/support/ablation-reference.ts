// A plain dense reference for FeatureAblation, written for the tests from Captum's
// definition (README2.md "What the attributions are"): every mask broadcast to its
// input's full shape, one forward per distinct id with that id's elements set to the
// baseline in every input, attribution = f(input) - f(id ablated) for each element's id.
// Inputs are plain number arrays here; forward takes and returns those too.

export interface DenseCase {
  inputs: { data: number[]; shape: number[] }[];
  /** Per input, the mask's ids and shape (right-aligned, each dim 1 or the input's). */
  masks: { data: number[]; shape: number[] }[];
  /** Per input, the baseline at full shape. */
  baselines: number[][];
  /** f(inputs) flattened to the selected outputs of each example: rows = batch * perRow. */
  forward: (inputs: number[][]) => number[];
  batchSize: number;
}

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The mask's id at every element of the input's full shape. */
export function broadcastMask(mask: { data: number[]; shape: number[] }, shape: number[]): number[] {
  const full = [...new Array(shape.length - mask.shape.length).fill(1), ...mask.shape];
  const out: number[] = [];
  for (let flat = 0; flat < product(shape); flat++) {
    let rest = flat;
    let at = 0;
    let stride = 1;
    for (let dim = shape.length - 1; dim >= 0; dim--) {
      const coord = rest % shape[dim];
      rest = Math.floor(rest / shape[dim]);
      if (full[dim] !== 1) at += coord * stride;
      stride *= full[dim];
    }
    out.push(mask.data[at]);
  }
  return out;
}

/** Attributions [rows, ...shape.slice(1)] per input, with rows the selected outputs. */
export function referenceAblation(c: DenseCase): { data: Float32Array; shape: number[] }[] {
  const full = c.masks.map((mask, index) => broadcastMask(mask, c.inputs[index].shape));
  const f0 = c.forward(c.inputs.map((input) => input.data));
  const rows = f0.length;
  const perExample = c.masks.some((mask, index) => mask.shape.length === c.inputs[index].shape.length && mask.shape[0] > 1);
  const ids = [...new Set(full.flat())];
  const fk = new Map<number, number[]>();
  for (const id of ids) {
    fk.set(id, c.forward(c.inputs.map((input, index) => input.data.map((value, p) => (full[index][p] === id ? c.baselines[index][p] : value)))));
  }
  return c.inputs.map((input, index) => {
    const example = product(input.shape.slice(1));
    const data = new Float32Array(rows * example);
    for (let row = 0; row < rows; row++) {
      for (let p = 0; p < example; p++) {
        const id = full[index][(perExample ? row : 0) * example + p];
        data[row * example + p] = f0[row] - fk.get(id)![row];
      }
    }
    return { data, shape: [rows, ...input.shape.slice(1)] };
  });
}
