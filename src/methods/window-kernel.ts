// The kernel side of Occlusion's plan. Its regions, laid out once per run:
//   per input: geometry | window jobs | window scratch | box records per slot
// A copy moves from the window it held to the one it needs (kernel dealWindows, then
// updateWindows, which keeps the box each copy holds so it steps instead of decoding);
// the spread averages each position's windows (kernel spreadDifferences).
import type { KernelExports } from "../wasm/kernel.ts";
import { BOX_RECORD_FIELDS, GEOMETRY_FIELDS, WINDOW_SCRATCH_FIELDS, alignUp } from "../wasm/layout.ts";
import type { MoveTarget, PlanKernel } from "../engine/plan.ts";
import { patchNonFiniteRows } from "../engine/non-finite.ts";
import type { WindowPlan } from "./window-plan.ts";
import type { DType } from "../tensor.ts";

interface Regions {
  /** Per input: the geometry the spread reads (elements) and the one moves read (32-bit words). */
  geometryPtr: number[];
  moveGeometryPtr: number[];
  moveRank: number[];
  jobPtr: number;
  windowScratchPtr: number;
  boxesPtr: number;
  boxesSlotBytes: number;
  boxesOffset: number[];
}

export class WindowKernel implements PlanKernel {
  private regions: Regions | null = null;

  constructor(private readonly plan: WindowPlan) {}

  /** The regions at `base`. */
  private layout(base: number, slots: number): Regions & { end: number } {
    const { plan } = this;
    let at = alignUp(base);
    const geometryPtr: number[] = [];
    const moveGeometryPtr: number[] = [];
    for (const geometry of plan.geometries) {
      geometryPtr.push(at);
      at = alignUp(at + geometry.sizes.length * GEOMETRY_FIELDS * 4);
      // Room for one more dimension: an int64 element's two words.
      moveGeometryPtr.push(at);
      at = alignUp(at + (geometry.sizes.length + 1) * GEOMETRY_FIELDS * 4);
    }
    // One (held, needed) i32 pair per batch copy, and updateWindows' scratch for the largest rank.
    const jobPtr = at;
    const windowScratchPtr = alignUp(jobPtr + plan.copiesPerCall * 8);
    const maxRank = Math.max(1, ...plan.geometries.map((geometry) => geometry.sizes.length)) + 1;
    at = alignUp(windowScratchPtr + maxRank * WINDOW_SCRATCH_FIELDS * 4);
    // Per slot and input, a box record per batch copy.
    let boxesSlotBytes = 0;
    const boxesOffset = plan.geometries.map((geometry) => {
      const offset = boxesSlotBytes;
      boxesSlotBytes += alignUp(plan.copiesPerCall * (BOX_RECORD_FIELDS * (geometry.sizes.length + 1) + 1) * 4);
      return offset;
    });
    const boxesPtr = at;
    at = alignUp(at + boxesSlotBytes * slots);
    return { geometryPtr, moveGeometryPtr, moveRank: [], jobPtr, windowScratchPtr, boxesPtr, boxesSlotBytes, boxesOffset, end: at };
  }

  fixedBytes(slots: number): number {
    return this.layout(0, slots).end;
  }

  load(kernel: KernelExports, base: number, slots: number, dtypes: readonly DType[]): void {
    const regions = this.layout(base, slots);
    this.regions = regions;
    const ints = new Int32Array(kernel.memory.buffer);
    const write = (ptr: number, dim: number, fields: number[]) => ints.set(fields, ptr / 4 + dim * GEOMETRY_FIELDS);
    this.plan.geometries.forEach((geometry, input) => {
      geometry.sizes.forEach((size, dim) => {
        const fields = [size, geometry.window[dim], geometry.strides[dim], geometry.shifts[dim]];
        write(regions.geometryPtr[input], dim, fields);
        write(regions.moveGeometryPtr[input], dim, fields);
      });
      // An int64 element is two words: a last dimension of size 2 covered whole by every window.
      const wide = dtypes[input] === "int64";
      if (wide) write(regions.moveGeometryPtr[input], geometry.sizes.length, [2, 2, 2, 1]);
      regions.moveRank[input] = geometry.sizes.length + (wide ? 1 : 0);
    });
  }

  resetSlot(kernel: KernelExports, slot: number): void {
    const { boxesPtr, boxesSlotBytes } = this.regions!;
    new Int32Array(kernel.memory.buffer, boxesPtr + slot * boxesSlotBytes, boxesSlotBytes / 4).fill(-1);
  }

  move(kernel: KernelExports, target: MoveTarget, heldBatch: number, batch: number): void {
    const { plan } = this;
    const regions = this.regions!;
    const { input } = target;
    const changes = kernel.dealWindows(
      regions.jobPtr, plan.copiesPerCall, plan.batchCount, plan.copiesOf(plan.batchCount - 1), heldBatch, batch,
      plan.firstWindow[input], plan.geometries[input].windowCount,
    );
    if (changes === 0) return;
    kernel.updateWindows(
      target.inputPtr, target.baselinePtr, target.baselineValue, target.copiesPtr, target.copyBytes, plan.batchSize,
      regions.moveGeometryPtr[input], regions.moveRank[input], regions.jobPtr, plan.copiesPerCall, regions.windowScratchPtr,
      regions.boxesPtr + target.slot * regions.boxesSlotBytes + regions.boxesOffset[input],
    );
  }

  spreadBytes(rows: number): number {
    return Math.max(...this.plan.geometries.map((geometry) => {
      const coverage = geometry.sizes.reduce((sum, size) => sum + size, 0);
      return alignUp(geometry.windowCount * rows * 4) + alignUp(rows * geometry.exampleLength * 4) +
        2 * alignUp(geometry.exampleLength * 8) + alignUp(coverage * 8 + geometry.sizes.length * 8);
    }));
  }

  spread(kernel: KernelExports, input: number, all: Float32Array, rows: number, workPtr: number, nonFinite: boolean): Float32Array {
    const geometry = this.plan.geometries[input];
    const first = this.plan.firstWindow[input] * rows;
    const differences = all.subarray(first, first + geometry.windowCount * rows);
    const diffPtr = workPtr;
    const outPtr = alignUp(diffPtr + geometry.windowCount * rows * 4);
    const gridPtr = alignUp(outPtr + rows * geometry.exampleLength * 4);
    const spreadPtr = alignUp(gridPtr + geometry.exampleLength * 8);
    const coveragePtr = alignUp(spreadPtr + geometry.exampleLength * 8);
    new Float32Array(kernel.memory.buffer).set(differences, diffPtr / 4);
    kernel.spreadDifferences(diffPtr, rows, this.regions!.geometryPtr[input], geometry.sizes.length, outPtr, gridPtr, spreadPtr, coveragePtr);
    // new + set, not slice: slice is a third slower on large results (V8, Node 20).
    const result = new Float32Array(rows * geometry.exampleLength);
    result.set(new Float32Array(kernel.memory.buffer, outPtr, result.length));
    if (nonFinite) patchNonFiniteRows(result, differences, geometry, rows);
    return result;
  }
}
