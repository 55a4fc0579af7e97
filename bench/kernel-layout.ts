// How bench/kernel.ts and bench/write-check.ts lay out one run of kernel moves by hand in
// an instance's memory: the window geometry, the job list, the window scratch, the box
// records, one input and the batch of `perturbationsPerEval` copies after it.
import { BOX_RECORD_FIELDS, WASM_PAGE_BYTES, WINDOW_SCRATCH_FIELDS } from "../src/wasm/layout.ts";
import type { KernelExports } from "../src/wasm/kernel.ts";
import type { BenchConfig } from "./configs.ts";

export interface MovesLayout {
  copyLength: number;
  /** Per dimension after the batch: size, window, stride, window positions. */
  geometry: number[];
  geometryPtr: number;
  jobPtr: number;
  scratchPtr: number;
  boxesPtr: number;
  inputPtr: number;
  batchPtr: number;
}

/** Lays out one run's regions and grows the instance's memory to hold them. */
export function layMoves(kernel: KernelExports, config: BenchConfig): MovesLayout {
  const ppe = config.perturbationsPerEval;
  const copyLength = config.shape.reduce((a, b) => a * b, 1);
  const geometryPtr = 1 << 16;
  const jobPtr = geometryPtr + 1024;
  const scratchPtr = jobPtr + 8 * ppe;
  const boxesPtr = scratchPtr + 4 * WINDOW_SCRATCH_FIELDS * 8 + 64;
  const inputPtr = boxesPtr + 4 * ppe * (BOX_RECORD_FIELDS * 8 + 1);
  const batchPtr = inputPtr + 4 * copyLength;
  const needed = batchPtr + 4 * copyLength * ppe;
  if (needed > kernel.memory.buffer.byteLength) kernel.memory.grow(Math.ceil((needed - kernel.memory.buffer.byteLength) / WASM_PAGE_BYTES));
  const geometry = config.shape.slice(1).flatMap((size, dim) => {
    const positions = Math.ceil((size - config.window[dim]) / config.strides[dim]) + 1;
    return [size, config.window[dim], config.strides[dim], positions];
  });
  new Int32Array(kernel.memory.buffer).set(geometry, geometryPtr / 4);
  return { copyLength, geometry, geometryPtr, jobPtr, scratchPtr, boxesPtr, inputPtr, batchPtr };
}
