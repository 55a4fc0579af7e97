// Window geometry of Occlusion (Zeiler & Fergus, arXiv 1311.2901, as Captum's
// _occlusion_mask): along dimension d an input of size n with window w and stride s
// has ceil((n - w) / s) + 1 window positions. The windows of all inputs form one index
// space, input 0 first; forward calls take consecutive chunks of perturbationsPerEval.
import { fail } from "./errors.ts";
import { product } from "./tensor.ts";

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
  };
}

function geometryOf(sizes: number[], window: number[], strides: number[]): InputGeometry {
  const shifts = sizes.map((size, dim) => Math.ceil((size - window[dim]) / strides[dim]) + 1);
  return { sizes, window, strides, shifts, windowCount: product(shifts), exampleLength: product(sizes) };
}

/** How many windows (batch copies) forward call `batch` evaluates: perturbationsPerEval, or fewer in the last call. */
export function copiesOfBatch(plan: Plan, batch: number): number {
  return Math.min(plan.perturbationsPerEval, plan.windowCount - batch * plan.perturbationsPerEval);
}
