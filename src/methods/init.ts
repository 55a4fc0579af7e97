// init(): loads the kernel (wasm/kernel.ts), then runs one tiny attribution of each method
// through the engine, so the user's first call does not run the whole wrapper in V8's interpreter
// and every kernel function for the first time. In a fresh Node process this takes a
// few ms and saves more than it costs (docs/performance.md, "First call in a fresh
// process"). The warm-up forward is the library's own; the user's is never called.
import { driveAsync } from "../engine/drive-async.ts";
import { kernelGeneration, loadKernel, type InitOptions, type KernelInfo } from "../wasm/kernel.ts";
import { normalizeCall, normalizeMethodCall } from "./args.ts";
import { FEATURE_ABLATION } from "./feature-ablation-spec.ts";
import type { Tensor } from "../tensor.ts";

/** The generation of the kernel module the last warm-up ran on, and that warm-up. */
let warmed = { generation: 0, done: Promise.resolve() };

/**
 * Loads the kernel ahead of time and warms it up; `attribute` calls it lazily, so
 * awaiting it is only needed before `attributeSync`. Options replace a kernel loaded
 * before. Resolves to which build runs.
 */
export async function init(options: InitOptions = {}): Promise<KernelInfo> {
  const info = await loadKernel(options);
  const generation = kernelGeneration();
  if (warmed.generation !== generation) warmed = { generation, done: warmUp() };
  await warmed.done;
  return info;
}

/** A 3x16x16 image, 3x4x4 windows at stride 2 (49 windows), 4 per forward call: ≈ 13 calls. */
const WARM_SHAPE = [1, 3, 16, 16];
const WARM_OPTIONS = { slidingWindowShapes: [3, 4, 4], strides: [3, 2, 2], perturbationsPerEval: 4 };
/** FeatureAblation's warm-up (the text tools use it): 16 blocks of 4x4, shared by the channels. */
const WARM_MASK = { data: Int32Array.from({ length: 256 }, (_, i) => 4 * Math.floor(i / 64) + Math.floor((i % 16) / 4)), shape: [1, 1, 16, 16] };

/** One score per example (its first element): enough to drive every step of a run. */
function warmForward(batch: Tensor): Float32Array {
  const rows = batch.shape[0];
  const exampleLength = batch.data.length / rows;
  const out = new Float32Array(rows);
  for (let row = 0; row < rows; row++) out[row] = Number(batch.data[row * exampleLength]);
  return out;
}

async function warmUp(): Promise<void> {
  const data = new Float32Array(WARM_SHAPE.reduce((a, b) => a * b, 1)).fill(0.5);
  try {
    await driveAsync(warmForward, normalizeCall({ data, shape: WARM_SHAPE }, WARM_OPTIONS));
    await driveAsync(warmForward, normalizeMethodCall({ data, shape: WARM_SHAPE }, { featureMask: WARM_MASK, perturbationsPerEval: 4 }, FEATURE_ABLATION));
  } catch {
    // Only a speed-up: a kernel that cannot run this fails the user's own call with its real error.
  }
}
