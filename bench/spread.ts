// The spread alone (kernel spreadDifferences: per-window differences → attributions, a
// block prefix/suffix scheme in assembly/spread/) on a [3, 224, 224] example, one output
// value, windows 3×3 … 63×63 over all channels at stride ⌊window/2⌋ and at stride 8.
// Its cost should not grow with the window's volume: per window size, µs per spread and
// the ratio to the 3×3 window at the same stride scheme. Median of repeated calls on one
// kernel instance, laid out as the Occlusion plan lays it out (methods/window-kernel.ts).
import { acquireKernel, releaseKernel } from "../src/wasm/kernel.ts";
import { GEOMETRY_FIELDS, WASM_PAGE_BYTES, alignUp } from "../src/wasm/layout.ts";
import { median } from "./timing.ts";

const SIZES = [3, 224, 224];
export const SPREAD_WINDOWS = [3, 7, 15, 31, 63];

export interface SpreadTiming {
  window: number;
  stride: number;
  windows: number;
  microseconds: number;
}

function timeSpread(window: number, stride: number, repetitions: number): SpreadTiming {
  const windowShape = [3, window, window];
  const strides = [3, stride, stride];
  const shifts = SIZES.map((size, dim) => Math.ceil((size - windowShape[dim]) / strides[dim]) + 1);
  const windows = shifts.reduce((a, b) => a * b, 1);
  const exampleLength = SIZES.reduce((a, b) => a * b, 1);
  const kernel = acquireKernel();
  const geometryPtr = alignUp(kernel.heapBase());
  const diffPtr = alignUp(geometryPtr + SIZES.length * GEOMETRY_FIELDS * 4);
  const outPtr = alignUp(diffPtr + windows * 4);
  const gridPtr = alignUp(outPtr + exampleLength * 4);
  const spreadPtr = alignUp(gridPtr + exampleLength * 8);
  const coveragePtr = alignUp(spreadPtr + exampleLength * 8);
  const end = coveragePtr + SIZES.reduce((a, b) => a + b, 0) * 8 + SIZES.length * 8;
  const missing = end - kernel.memory.buffer.byteLength;
  if (missing > 0) kernel.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
  const ints = new Int32Array(kernel.memory.buffer);
  SIZES.forEach((size, dim) => ints.set([size, windowShape[dim], strides[dim], shifts[dim]], geometryPtr / 4 + dim * GEOMETRY_FIELDS));
  const differences = new Float32Array(kernel.memory.buffer, diffPtr, windows);
  for (let index = 0; index < windows; index++) differences[index] = Math.sin(index) * 10 ** ((index % 9) - 4);
  const times: number[] = [];
  for (let repetition = 0; repetition < repetitions + 2; repetition++) {
    const start = performance.now();
    kernel.spreadDifferences(diffPtr, 1, geometryPtr, SIZES.length, outPtr, gridPtr, spreadPtr, coveragePtr);
    if (repetition >= 2) times.push(performance.now() - start); // two warm-ups
  }
  releaseKernel(kernel);
  return { window, stride, windows, microseconds: median(times) * 1e3 };
}

/** Both stride schemes for every window size; stride 8 only where it does not exceed the window. */
export function timeSpreads(repetitions: number): { half: SpreadTiming[]; eight: SpreadTiming[] } {
  const half = SPREAD_WINDOWS.map((window) => timeSpread(window, Math.max(1, window >> 1), repetitions));
  const eight = SPREAD_WINDOWS.filter((window) => window >= 8).map((window) => timeSpread(window, 8, repetitions));
  return { half, eight };
}

/** The bench's lines: per window size, µs per spread and the ratio to the smallest window of the scheme. */
export function spreadLines(repetitions: number): string {
  const { half, eight } = timeSpreads(repetitions);
  const cells = (timings: SpreadTiming[]) => timings.map((timing) =>
    `${timing.window}×${timing.window} (stride ${timing.stride}, ${timing.windows} windows) ${timing.microseconds.toFixed(0)} µs = ${(timing.microseconds / timings[0].microseconds).toFixed(2)}×`).join("; ");
  return `spread alone (kernel spreadDifferences, [3,224,224], 1 output, median of ${repetitions}; ratio to the smallest window, target flat):\n` +
    `  stride ⌊window/2⌋: ${cells(half)}\n  stride 8: ${cells(eight)}`;
}
