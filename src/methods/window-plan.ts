// Window geometry of Occlusion (Zeiler & Fergus, arXiv 1311.2901, as Captum's
// _occlusion_mask): along dimension d an input of size n with window w and stride s
// has ceil((n - w) / s) + 1 window positions. The windows of all inputs form one index
// space, input 0 first. Forward calls hold as many windows as Captum's (perturbationsPerEval,
// fewer in the last), but not Captum's consecutive chunks: batch copy c walks its own run of
// consecutive windows, one per call (see windowOf), so from one call to the next a copy only
// moves to the adjacent window and the kernel rewrites a stride-wide strip, not two windows.
// Every window is still evaluated exactly once, so attributions, call count and batch sizes
// are Captum's.
import { fail } from "../errors.ts";
import { product } from "../tensor.ts";

export interface InputGeometry {
  /** Non-batch sizes, window and stride per dimension, and window positions per dimension. */
  sizes: number[];
  window: number[];
  strides: number[];
  shifts: number[];
  windowCount: number;
  exampleLength: number;
}

export interface Plan {
  batchSize: number;
  geometries: InputGeometry[];
  /** Global index of each input's first window. */
  firstWindow: number[];
  windowCount: number;
  perturbationsPerEval: number;
  /** The most windows one forward call holds (perturbationsPerEval may exceed the window count): batch buffers hold this many copies. */
  copiesPerCall: number;
  batchCount: number;
  /**
   * Set for a run restricted to some windows or in another order (src/engine/schedule.ts):
   * call b, copy c evaluates schedule[b * perturbationsPerEval + c]; batchCount and
   * copiesPerCall then count these windows only. null: every window, dealt by windowOf's rule.
   */
  schedule: Int32Array | null;
}

const MAX_WINDOWS = 2 ** 31 - 1;

export function planWindows(shapes: number[][], windows: number[][], strides: number[][], perturbationsPerEval: number): Plan {
  const geometries = shapes.map((shape, index) => geometryOf(shape.slice(1), windows[index], strides[index]));
  const firstWindow: number[] = [];
  let windowCount = 0;
  for (const geometry of geometries) {
    firstWindow.push(windowCount);
    windowCount += geometry.windowCount;
  }
  if (windowCount > MAX_WINDOWS) {
    fail("TOO_MANY_WINDOWS", `slidingWindowShapes and strides give ${windowCount} windows; at most 2^31 - 1 are supported — use larger strides or windows`);
  }
  return {
    batchSize: shapes[0][0],
    geometries,
    firstWindow,
    windowCount,
    perturbationsPerEval,
    copiesPerCall: Math.min(perturbationsPerEval, windowCount),
    batchCount: Math.ceil(windowCount / perturbationsPerEval),
    schedule: null,
  };
}

function geometryOf(sizes: number[], window: number[], strides: number[]): InputGeometry {
  const shifts = sizes.map((size, dim) => Math.ceil((size - window[dim]) / strides[dim]) + 1);
  return { sizes, window, strides, shifts, windowCount: product(shifts), exampleLength: product(sizes) };
}

/** How many windows (batch copies) forward call `batch` evaluates: perturbationsPerEval, or fewer in the last call. */
export function copiesOfBatch(plan: Plan, batch: number): number {
  return Math.min(plan.perturbationsPerEval, scheduledCount(plan) - batch * plan.perturbationsPerEval);
}

/** Windows the run evaluates: all of them, or those of its schedule. */
export function scheduledCount(plan: Plan): number {
  return plan.schedule ? plan.schedule.length : plan.windowCount;
}

/** The plan restricted to `schedule` (call-major: call b, copy c evaluates schedule[b * P + c]). */
export function withSchedule(plan: Plan, schedule: Int32Array): Plan {
  const { perturbationsPerEval } = plan;
  return { ...plan, schedule, copiesPerCall: Math.min(perturbationsPerEval, schedule.length), batchCount: Math.ceil(schedule.length / perturbationsPerEval) };
}

/**
 * The global window that copy `copy` of forward call `batch` occludes, or -1 if that call
 * has fewer copies. Copy c owns windows [c(K-1) + min(c, r), ...): K = batchCount of them
 * for the r copies the last call still holds, K - 1 for the others. The kernel's
 * dealWindows (assembly/deal.ts) applies the same rule when it moves the copies.
 */
export function windowOf(plan: Plan, batch: number, copy: number): number {
  if (plan.schedule) {
    const at = batch * plan.perturbationsPerEval + copy;
    return batch < 0 || copy >= plan.perturbationsPerEval || at >= plan.schedule.length ? -1 : plan.schedule[at];
  }
  const calls = plan.batchCount;
  const longCopies = copiesOfBatch(plan, calls - 1);
  if (batch < 0 || copy >= plan.copiesPerCall || batch >= (copy < longCopies ? calls : calls - 1)) return -1;
  return copy * (calls - 1) + Math.min(copy, longCopies) + batch;
}
