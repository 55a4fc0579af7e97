// Occlusion's plan (Zeiler & Fergus, arXiv 1311.2901, as Captum's _occlusion_mask): along
// dimension d an input of size n with window w and stride s has ceil((n - w) / s) + 1
// window positions. The windows of all inputs form one perturbation index space, input 0
// first, dealt to batch copies as every plan's perturbations are (engine/deal.ts). Every
// window is evaluated exactly once, so attributions, call count and batch sizes are Captum's.
import { fail } from "../errors.ts";
import { DealtPlan } from "../engine/deal.ts";
import type { CallTable } from "../engine/call-table.ts";
import type { PerturbationPlan } from "../engine/plan.ts";
import { product } from "../tensor.ts";
import { WindowKernel } from "./window-kernel.ts";
import { windowPasses } from "./window-passes.ts";

export interface InputGeometry {
  /** Non-batch sizes, window and stride per dimension, and window positions per dimension. */
  sizes: number[];
  window: number[];
  strides: number[];
  shifts: number[];
  windowCount: number;
  exampleLength: number;
}

const MAX_WINDOWS = 2 ** 31 - 1;

/** The windows of all inputs together (TOO_MANY_WINDOWS beyond 2^31 - 1). */
function countWindows(geometries: InputGeometry[]): number {
  const windowCount = geometries.reduce((sum, geometry) => sum + geometry.windowCount, 0);
  if (windowCount > MAX_WINDOWS) {
    fail("TOO_MANY_WINDOWS", `slidingWindowShapes and strides give ${windowCount} windows; at most 2^31 - 1 are supported — use larger strides or windows`);
  }
  return windowCount;
}

export class WindowPlan extends DealtPlan implements PerturbationPlan {
  readonly perturbationCount: number;
  readonly inputSizes: number[][];
  /** Global index of each input's first window. */
  readonly firstWindow: number[] = [];
  readonly kernel: WindowKernel;

  constructor(readonly batchSize: number, readonly geometries: InputGeometry[], readonly perturbationsPerEval: number, readonly calls: CallTable | null = null) {
    const windowCount = countWindows(geometries);
    super(windowCount, perturbationsPerEval, calls);
    let first = 0;
    for (const geometry of geometries) {
      this.firstWindow.push(first);
      first += geometry.windowCount;
    }
    this.perturbationCount = windowCount;
    this.inputSizes = geometries.map((geometry) => geometry.sizes);
    this.kernel = new WindowKernel(this);
  }

  /** The windows of all inputs (the perturbation count, by its Occlusion name). */
  get windowCount(): number {
    return this.perturbationCount;
  }

  withCalls(calls: CallTable, perturbationsPerEval = calls.maxCopies): WindowPlan {
    return new WindowPlan(this.batchSize, this.geometries, perturbationsPerEval, calls);
  }

  passes(pending: (window: number) => boolean): Int32Array[] {
    return windowPasses(this, pending);
  }

  identity(): unknown {
    return this.geometries.map(({ window, strides }) => [window, strides]);
  }

  checkRows(): void {}
}

/** @deprecated name kept for callers of the first round: a WindowPlan. */
export type Plan = WindowPlan;

export function planWindows(shapes: number[][], windows: number[][], strides: number[][], perturbationsPerEval: number): WindowPlan {
  const geometries = shapes.map((shape, index) => geometryOf(shape.slice(1), windows[index], strides[index]));
  return new WindowPlan(shapes[0][0], geometries, perturbationsPerEval);
}

function geometryOf(sizes: number[], window: number[], strides: number[]): InputGeometry {
  const shifts = sizes.map((size, dim) => Math.ceil((size - window[dim]) / strides[dim]) + 1);
  return { sizes, window, strides, shifts, windowCount: product(shifts), exampleLength: product(sizes) };
}

/** How many windows (batch copies) forward call `batch` evaluates. */
export function copiesOfBatch(plan: WindowPlan, batch: number): number {
  return plan.copiesOf(batch);
}

/** The global window copy `copy` of forward call `batch` occludes, or -1 (engine/deal.ts). */
export function windowOf(plan: WindowPlan, batch: number, copy: number): number {
  return plan.perturbationOf(batch, copy);
}
