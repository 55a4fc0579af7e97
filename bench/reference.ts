// The dense-mask reference of the tests (tests/support/reference.ts: one full mask and
// one forward call per window) on the same configurations. It takes ~5-20 ms per
// window here, so it runs on a prefix of each input's windows: the cost per
// perturbation is the slope between a short and a long prefix, which leaves out its
// fixed costs (unperturbed call, final division) and so understates the reference's
// cost, i.e. the speed-up it gives is a lower bound.
import { referenceOcclusion } from "../tests/support/reference.ts";
import { inputOf, probeForward, windowCountOf, type BenchConfig } from "./configs.ts";
import { medianMs } from "./timing.ts";

export interface ReferenceTiming {
  perPerturbationMs: number;
  /** Windows of the long prefix (all windows when it is not shorter). */
  prefix: number;
  windows: number;
}

export async function timeReference(config: BenchConfig, longPrefix: number): Promise<ReferenceTiming> {
  const input = inputOf(config);
  const baseline = new Float32Array(input.data.length);
  const run = (windowLimit: number) => referenceOcclusion({
    inputs: [input], windows: [config.window], strides: [config.strides], baselines: [baseline],
    evaluate: (inputs) => probeForward(inputs[0]), windowLimit,
  });
  const windows = windowCountOf(config);
  const prefix = Math.min(windows, longPrefix);
  const shortPrefix = Math.max(1, Math.floor(prefix / 4));
  const longMs = await medianMs(() => run(prefix), 3);
  const shortMs = await medianMs(() => run(shortPrefix), 3);
  return { perPerturbationMs: (longMs - shortMs) / (prefix - shortPrefix), prefix, windows };
}
