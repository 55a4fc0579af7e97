// The kernel side of FeatureAblation's plan. Its regions, laid out once per run:
//   window jobs | per input: runs (start, length pairs grouped by feature) + feature offsets
// A copy moves from the feature it held to the one it needs (kernel dealWindows, then
// updateGroups: restore the held feature's runs, ablate the needed one's); the spread
// writes each element its feature's difference (kernel spreadGroups).
import type { KernelExports } from "../wasm/kernel.ts";
import { alignUp } from "../wasm/layout.ts";
import type { MoveTarget, PlanKernel } from "../engine/plan.ts";
import { product, type DType } from "../tensor.ts";
import type { MaskPlan } from "./mask-plan.ts";
import { writeJobs } from "../engine/jobs.ts";

export class MaskKernel implements PlanKernel {
  private jobPtr = 0;
  private runsPtr: number[] = [];
  private offsetsPtr: number[] = [];
  private words: number[] = [];

  constructor(private readonly plan: MaskPlan) {}

  private layout(base: number) {
    let at = alignUp(base);
    const jobPtr = at;
    at = alignUp(at + this.plan.copiesPerCall * 8);
    const runsPtr: number[] = [];
    const offsetsPtr: number[] = [];
    const offsetBytes = (this.plan.features.count + 1) * 4;
    for (const mask of this.plan.features.inputs) {
      runsPtr.push(at);
      at = alignUp(at + mask.runCount * 8);
      offsetsPtr.push(at);
      at = alignUp(at + offsetBytes);
    }
    return { jobPtr, runsPtr, offsetsPtr, end: at };
  }

  fixedBytes(): number {
    return this.layout(0).end;
  }

  load(kernel: KernelExports, base: number, _slots: number, dtypes: readonly DType[]): void {
    const regions = this.layout(base);
    this.jobPtr = regions.jobPtr;
    this.runsPtr = regions.runsPtr;
    this.offsetsPtr = regions.offsetsPtr;
    this.words = dtypes.map((dtype) => (dtype === "int64" ? 2 : 1));
    const ints = new Int32Array(kernel.memory.buffer);
    const { count } = this.plan.features;
    this.plan.features.inputs.forEach((mask, input) => {
      if (mask.grouped) {
        ints.set(mask.grouped.runs, regions.runsPtr[input] / 4);
        ints.set(mask.grouped.offsets, regions.offsetsPtr[input] / 4);
      } else {
        kernel.defaultRuns(regions.runsPtr[input], regions.offsetsPtr[input], mask.first, mask.runCount, count);
      }
    });
  }

  resetSlot(): void {}

  move(kernel: KernelExports, target: MoveTarget, heldBatch: number, batch: number): void {
    const { plan } = this;
    const { input } = target;
    const changes = writeJobs(kernel, this.jobPtr, plan, heldBatch, batch, 0, plan.perturbationCount);
    if (changes === 0) return;
    const perExample = plan.features.inputs[input].maskExamples > 1;
    const exampleWords = product(plan.inputSizes[input]) * this.words[input];
    kernel.updateGroups(
      target.inputPtr, target.baselinePtr, target.baselineValue, target.copiesPtr, target.copyBytes,
      this.runsPtr[input], this.offsetsPtr[input], perExample ? 1 : plan.batchSize, exampleWords, this.words[input], this.jobPtr, plan.copiesPerCall,
    );
  }

  spreadBytes(rows: number): number {
    const largest = Math.max(...this.plan.inputSizes.map((sizes) => product(sizes)));
    return alignUp(this.plan.perturbationCount * rows * 4) + alignUp(rows * largest * 4);
  }

  spread(kernel: KernelExports, input: number, differences: Float32Array, rows: number, workPtr: number, nonFinite: boolean): Float32Array {
    const { plan } = this;
    const exampleLength = product(plan.inputSizes[input]);
    const outPtr = alignUp(workPtr + differences.byteLength);
    new Float32Array(kernel.memory.buffer).set(differences, workPtr / 4);
    const perExample = plan.features.inputs[input].maskExamples > 1;
    kernel.spreadGroups(workPtr, rows, this.runsPtr[input], this.offsetsPtr[input], plan.perturbationCount, exampleLength, perExample ? 1 : 0, outPtr);
    const result = new Float32Array(rows * exampleLength);
    result.set(new Float32Array(kernel.memory.buffer, outPtr, result.length));
    if (nonFinite) this.patchNonFinite(kernel, result, differences, input, rows, exampleLength);
    return result;
  }

  /**
   * Captum sums diff * mask over features, so a non-finite difference times a 0 mask is
   * NaN: a row with two or more non-finite differences is NaN everywhere; with one, its
   * feature keeps that value and every other element is NaN.
   */
  private patchNonFinite(kernel: KernelExports, result: Float32Array, differences: Float32Array, input: number, rows: number, exampleLength: number): void {
    const count = this.plan.perturbationCount;
    const perExample = this.plan.features.inputs[input].maskExamples > 1;
    for (let row = 0; row < rows; row++) {
      let bad = 0;
      let feature = -1;
      for (let k = 0; k < count; k++) {
        if (!Number.isFinite(differences[k * rows + row])) {
          bad++;
          feature = k;
        }
      }
      if (bad === 0) continue;
      const line = result.subarray(row * exampleLength, (row + 1) * exampleLength);
      const keep = bad === 1 ? differences[feature * rows + row] : NaN;
      // The runs as loaded (the default mask's exist only in the kernel's memory).
      const runs = new Int32Array(kernel.memory.buffer, this.runsPtr[input], 2 * this.plan.features.inputs[input].runCount);
      const offsets = new Int32Array(kernel.memory.buffer, this.offsetsPtr[input], this.plan.features.count + 1);
      const kept: Array<[number, number]> = [];
      if (bad === 1) {
        for (let run = offsets[feature]; run < offsets[feature + 1]; run++) {
          const start = runs[2 * run] - (perExample ? row * exampleLength : 0);
          if (start >= 0 && start < exampleLength) kept.push([start, runs[2 * run + 1]]);
        }
      }
      line.fill(NaN);
      for (const [start, length] of kept) line.fill(keep, start, start + length);
    }
  }
}
