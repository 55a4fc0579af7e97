// The configurations of the performance issue (#3): shapes a user would attribute
// (an ImageNet image with small and large windows, a dense small image, a text
// embedding batch, a 3-d volume), each with a forward that reads one element per
// example so that model time is near zero and the library's own cost shows.
import type { Tensor } from "../src/index.ts";

export interface BenchConfig {
  name: string;
  shape: number[];
  window: number[];
  strides: number[];
  perturbationsPerEval: number;
}

export const CONFIGS: BenchConfig[] = [
  { name: "dense 3x64x64 w8", shape: [1, 3, 64, 64], window: [3, 8, 8], strides: [3, 1, 1], perturbationsPerEval: 64 },
  { name: "image 224 w15", shape: [1, 3, 224, 224], window: [3, 15, 15], strides: [3, 8, 8], perturbationsPerEval: 16 },
  { name: "image 224 w64", shape: [1, 3, 224, 224], window: [3, 64, 64], strides: [3, 8, 8], perturbationsPerEval: 16 },
  { name: "volume 64^3 w8", shape: [1, 1, 64, 64, 64], window: [1, 8, 8, 8], strides: [1, 8, 8, 8], perturbationsPerEval: 16 },
  { name: "text 4x512x768", shape: [4, 512, 768], window: [1, 768], strides: [1, 768], perturbationsPerEval: 8 },
];

const product = (values: number[]) => values.reduce((a, b) => a * b, 1);

export function windowCountOf(config: BenchConfig): number {
  return product(config.shape.slice(1).map((size, dim) => Math.ceil((size - config.window[dim]) / config.strides[dim]) + 1));
}

/** Deterministic input values in [-1, 1) (a small LCG, so runs are comparable). */
export function inputOf(config: BenchConfig): Tensor {
  const data = new Float32Array(product(config.shape));
  let state = 12345;
  for (let index = 0; index < data.length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    data[index] = state / 2 ** 31 - 1;
  }
  return { data, shape: config.shape };
}

/** One value per example: the element in the middle of it (model time ≈ 0). */
export function probeForward(input: Tensor): Float32Array {
  const rows = input.shape[0];
  const exampleLength = input.data.length / rows;
  const probe = Math.floor(exampleLength / 2);
  const out = new Float32Array(rows);
  for (let row = 0; row < rows; row++) out[row] = input.data[row * exampleLength + probe];
  return out;
}
