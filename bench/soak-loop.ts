// The soak loop shared by `npm run soak` (bench/soak.ts) and tests/soak.test.ts: many
// attributions of varied shapes in one process (sync and async, batching, concurrency,
// tensor baselines, and some runs that fail or are aborted), sampling JS heap and wasm
// memory as it goes. Run 0 is the largest configuration, so the kernel's memory reaches
// its high-water mark at once and must not grow after that.
import { Occlusion, OcclusionError, init, type AttributeOptions, type Tensor } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";

export interface Sample {
  run: number;
  heapUsed: number;
  created: number;
  inUse: number;
  idle: number;
  idleBytes: number;
}

type Outcome = "ok" | "fail" | "abort";

/** A small deterministic PRNG, so a soak can be repeated. */
function prng(seed: number): (max: number) => number {
  let state = seed >>> 0;
  return (max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % max;
  };
}

const sum = (input: Tensor) => {
  const rows = input.shape[0];
  const length = input.data.length / rows;
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < input.data.length; i++) out[Math.floor(i / length) * 2 + (i % 2)] += input.data[i];
  return { data: out, shape: [rows, 2] };
};

function configuration(run: number, pick: (max: number) => number) {
  const rank = run === 0 ? 3 : 1 + pick(3);
  const largest = [3, 64, 64];
  const sizes = Array.from({ length: rank }, (_, dim) => (run === 0 ? largest[dim] : 1 + pick(rank === 1 ? 2048 : rank === 2 ? 64 : 16)));
  const batch = run === 0 ? 4 : 1 + pick(4);
  const window = sizes.map((size) => 1 + pick(size));
  const strides = window.map((w) => 1 + pick(w));
  const data = new Float32Array(batch * sizes.reduce((a, b) => a * b, 1)).map((_, i) => ((i * 7) % 13) - 6);
  const options: AttributeOptions = {
    slidingWindowShapes: window, strides,
    perturbationsPerEval: run === 0 ? 8 : 1 + pick(8),
    concurrency: run === 0 ? 3 : 1 + pick(3),
    baselines: pick(3) === 0 ? { data: new Float32Array(data.length / batch).fill(0.5), shape: sizes } : pick(2),
  };
  const outcome: Outcome = run === 0 ? "ok" : (["ok", "ok", "ok", "ok", "fail", "abort"] as const)[pick(6)];
  return { input: { data, shape: [batch, ...sizes] }, options, outcome, async: run === 0 || pick(2) === 0 };
}

async function attributeOnce(run: number, pick: (max: number) => number): Promise<void> {
  const { input, options, outcome, async } = configuration(run, pick);
  const failAt = 1 + pick(3);
  const controller = new AbortController();
  let calls = 0;
  const forward = (x: Tensor) => {
    if (++calls === failAt && outcome === "fail") throw new Error("soak failure");
    if (calls === failAt && outcome === "abort") controller.abort();
    return async ? Promise.resolve(sum(x)) : sum(x);
  };
  const occlusion = new Occlusion(forward);
  try {
    if (async) await occlusion.attribute(input, { ...options, signal: controller.signal });
    else occlusion.attributeSync(input, { ...options, signal: controller.signal });
  } catch (error) {
    // A short run may end before its failing call; anything but OcclusionError is a bug.
    if (!(error instanceof OcclusionError)) throw error;
  }
}

/** Runs `runs` attributions; calls `report` every `every` runs (and after the last) with a sample. */
export async function soak(runs: number, every: number, report: (sample: Sample) => void, gc?: () => void): Promise<void> {
  await init();
  const pick = prng(20261126);
  for (let run = 0; run < runs; run++) {
    await attributeOnce(run, pick);
    // Calls in flight after a failure settle in the microtask queue; let them release.
    for (let wait = 0; wait < 1000 && kernelStats().inUse > 0; wait++) await new Promise((resolve) => setImmediate(resolve));
    if ((run + 1) % every === 0 || run === runs - 1) {
      gc?.();
      const { created, inUse, idle, idleBytes } = kernelStats();
      report({ run: run + 1, heapUsed: process.memoryUsage().heapUsed, created, inUse, idle, idleBytes });
    }
  }
}

/** global.gc without --expose-gc on the command line (V8 allows turning the flag on at run time). */
export async function exposeGc(): Promise<(() => void) | undefined> {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    const [v8, vm] = await Promise.all([import("node:v8"), import("node:vm")]);
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}
