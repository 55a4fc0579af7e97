// Spreads per-window differences into attributions outside a run: for a partial's map
// while batches still occupy the run's own kernel instance, and for mergePartials. It
// borrows a pooled kernel instance and lays out just what spreadDifferences needs
// (the same regions as KernelSession.spread).
import { acquireKernel, releaseKernel } from "../wasm/kernel.ts";
import { GEOMETRY_FIELDS, WASM_PAGE_BYTES, alignUp } from "../wasm/layout.ts";
import { checkWasmBytes } from "./limits.ts";
import type { InputGeometry } from "../methods/window-plan.ts";

/** Attributions [rows, ...sizes] from differences [windows, rows], window-major; the kernel must be loaded. */
export function spreadOutside(geometry: InputGeometry, rows: number, differences: Float32Array): Float32Array {
  const kernel = acquireKernel();
  try {
    const rank = geometry.sizes.length;
    const geometryPtr = alignUp(kernel.heapBase());
    const diffPtr = alignUp(geometryPtr + rank * GEOMETRY_FIELDS * 4);
    const outPtr = alignUp(diffPtr + geometry.windowCount * rows * 4);
    const gridPtr = alignUp(outPtr + rows * geometry.exampleLength * 4);
    const spreadPtr = alignUp(gridPtr + geometry.exampleLength * 8);
    const coveragePtr = alignUp(spreadPtr + geometry.exampleLength * 8);
    const end = alignUp(coveragePtr + geometry.sizes.reduce((sum, size) => sum + size, 0) * 8 + rank * 8);
    checkWasmBytes(end, Infinity, "to combine the differences");
    const missing = end - kernel.memory.buffer.byteLength;
    if (missing > 0) kernel.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    const ints = new Int32Array(kernel.memory.buffer);
    geometry.sizes.forEach((size, dim) => {
      ints.set([size, geometry.window[dim], geometry.strides[dim], geometry.shifts[dim]], geometryPtr / 4 + dim * GEOMETRY_FIELDS);
    });
    const heap = new Float32Array(kernel.memory.buffer);
    heap.set(differences, diffPtr / 4);
    kernel.spreadDifferences(diffPtr, rows, geometryPtr, rank, outPtr, gridPtr, spreadPtr, coveragePtr);
    const result = new Float32Array(rows * geometry.exampleLength);
    result.set(heap.subarray(outPtr / 4, outPtr / 4 + result.length));
    return result;
  } finally {
    releaseKernel(kernel);
  }
}
