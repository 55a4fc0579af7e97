/**
 * A small nonlinear model for the long-run tests, evaluated per example (so batch
 * composition never changes a value), with a plain reference for partial maps: the mean
 * of f(x) - f(perturbed) over a given set of windows, computed by full masks.
 */
import type { Tensor } from "../../src/index.ts";
import { windowMasks } from "./reference.ts";

export const SHAPE = [2, 3, 9, 7];
export const CLASSES = 3;
/** 1 x 4 x 4 window positions. */
export const OPTIONS = { slidingWindowShapes: [3, 3, 2], strides: [3, 2, 2], target: 1 };
export const WINDOWS = 16;

export function makeInput(shape = SHAPE, seed = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  let state = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + 0x9e3779b9) | 0;
    data[i] = ((state >>> 8) / 2 ** 24) * 2 - 1;
  }
  return { data, shape: [...shape] };
}

/** logits[b, k] = tanh(sum_i w_k(i) x[b, i]) + 0.1 k, per example. */
export function model(x: Tensor): Tensor {
  const batch = x.shape[0];
  const length = x.data.length / batch;
  const out = new Float32Array(batch * CLASSES);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < CLASSES; k++) {
      let sum = 0;
      for (let i = 0; i < length; i++) sum += Math.sin(0.7 * i + k) * x.data[b * length + i];
      out[b * CLASSES + k] = Math.tanh(sum / 8) + 0.1 * k;
    }
  }
  return { data: out, shape: [batch, CLASSES] };
}

/** Mean over `done` windows covering each element of f(x) - f(x with that window at 0), 0 where none: [batch, ...sizes]. */
export function partialReference(x: Tensor, window: number[], strides: number[], done: Set<number>, target: number): Float32Array {
  const batch = x.shape[0];
  const sizes = x.shape.slice(1);
  const length = x.data.length / batch;
  const base = model(x).data;
  const total = new Float64Array(x.data.length);
  const count = new Float64Array(length);
  let index = 0;
  for (const mask of windowMasks(sizes, window, strides)) {
    if (done.has(index++)) {
      const perturbed = Float32Array.from(x.data, (value, at) => (mask[at % length] ? 0 : value));
      const values = model({ data: perturbed, shape: x.shape }).data;
      for (let b = 0; b < batch; b++) {
        const difference = Math.fround(base[b * CLASSES + target] - values[b * CLASSES + target]);
        for (let at = 0; at < length; at++) total[b * length + at] += difference * mask[at];
      }
      for (let at = 0; at < length; at++) count[at] += mask[at];
    }
  }
  return Float32Array.from(total, (sum, at) => (count[at % length] ? sum / count[at % length] : 0));
}

/** Bit patterns of a float32 array, for bit-for-bit comparisons that also see NaN payloads and -0. */
export function bits(data: Float32Array): number[] {
  return Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length));
}
