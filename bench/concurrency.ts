// concurrency on a slow async model: a forward that resolves after 5 ms (think of a
// fetch to an inference server). With N calls in flight the run should take about
// 1/N of the time, because the next batch is written while the others are out.
import { Occlusion, type Tensor } from "../src/index.ts";
import { inputOf, probeForward, type BenchConfig } from "./configs.ts";
import { medianMs } from "./timing.ts";

export const SLOW_CONFIG: BenchConfig = {
  name: "small image, 5 ms model", shape: [2, 3, 32, 32], window: [3, 8, 8], strides: [3, 4, 4], perturbationsPerEval: 1,
};

const MODEL_MS = 5;

const slowForward = (batch: Tensor) => new Promise<Float32Array>((resolve) => {
  const output = probeForward(batch); // read now: the tensor is only valid until we resolve
  setTimeout(() => resolve(output), MODEL_MS);
});

export async function timeConcurrency(concurrencies: number[]): Promise<{ concurrency: number; runMs: number }[]> {
  const input = inputOf(SLOW_CONFIG);
  const occlusion = new Occlusion(slowForward);
  const results = [];
  for (const concurrency of concurrencies) {
    const options = { slidingWindowShapes: SLOW_CONFIG.window, strides: SLOW_CONFIG.strides, perturbationsPerEval: SLOW_CONFIG.perturbationsPerEval, concurrency };
    results.push({ concurrency, runMs: await medianMs(() => occlusion.attribute(input, options), 3) });
  }
  return results;
}
