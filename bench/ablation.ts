// FeatureAblation rows of npm run bench: per configuration, the library's time per
// perturbation (one feature ablated in one batch copy: restore the held group, write the
// next, forward a no-op) against the time of one copy of the input, measured in one run.
// The forward is trivial so the rows show the engine's overhead, as the occlusion rows do.
import { FeatureAblation } from "../src/index.ts";
import { normalizeFeatureMask } from "../src/methods/feature-mask.ts";

interface AblationConfig {
  name: string;
  input: { data: Float32Array | BigInt64Array; shape: number[] };
  featureMask: { data: Int32Array; shape: number[] };
  perturbationsPerEval: number;
}

/** ~200 superpixel-like groups on a 224 x 224 image: 14 x 14 blocks of 16 x 16 pixels, shared by the channels. */
function superpixels(): AblationConfig {
  const data = new Float32Array(3 * 224 * 224).map((_, i) => (i % 251) / 251);
  const mask = new Int32Array(224 * 224);
  for (let y = 0; y < 224; y++) for (let x = 0; x < 224; x++) mask[y * 224 + x] = Math.floor(y / 16) * 14 + Math.floor(x / 16);
  return { name: "image [1,3,224,224], 196 superpixels", input: { data, shape: [1, 3, 224, 224] }, featureMask: { data: mask, shape: [1, 1, 224, 224] }, perturbationsPerEval: 1 };
}

/** [8, 512] int64 token ids, words of 1-3 subword tokens (the same word layout in every example). */
function words(): AblationConfig {
  const data = BigInt64Array.from({ length: 8 * 512 }, (_, i) => BigInt((i * 7919) % 30000));
  const mask = new Int32Array(512);
  for (let token = 0, word = 0; token < 512; word++) {
    const length = 1 + (word % 3);
    for (let k = 0; k < length && token < 512; k++) mask[token++] = word;
  }
  return { name: "tokens [8,512] int64, word groups", input: { data, shape: [8, 512] }, featureMask: { data: mask, shape: [1, 512] }, perturbationsPerEval: 1 };
}

export const ABLATION_CONFIGS = [superpixels(), words()];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function copyMs(data: Float32Array | BigInt64Array): number {
  const target = new (data.constructor as Float32ArrayConstructor)(data.length) as unknown as { set(source: unknown): void };
  const times: number[] = [];
  for (let round = 0; round < 15; round++) {
    const start = performance.now();
    for (let i = 0; i < 50; i++) target.set(data);
    times.push((performance.now() - start) / 50);
  }
  return median(times);
}

/** The mask -> runs conversion alone (what each call does once before its first batch), median of 31. */
function conversionMs(config: AblationConfig): number {
  const times: number[] = [];
  for (let round = 0; round < 31; round++) {
    const start = performance.now();
    normalizeFeatureMask(config.featureMask, [{ shape: config.input.shape }]);
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function timeAblation(config: AblationConfig, repetitions: number): Promise<{ features: number; perPerturbationMs: number; copyMs: number; conversionMs: number }> {
  let features = 0;
  const method = new FeatureAblation((x: unknown) => {
    features++;
    const rows = (x as { shape: number[] }).shape[0];
    return { data: new Float32Array(rows), shape: [rows] };
  });
  const options = { featureMask: config.featureMask, perturbationsPerEval: config.perturbationsPerEval };
  method.attributeSync(config.input, options); // warm-up
  const perturbations = features - 1;
  const times: number[] = [];
  for (let run = 0; run < repetitions; run++) {
    const start = performance.now();
    method.attributeSync(config.input, options);
    times.push(performance.now() - start);
  }
  return { features: perturbations, perPerturbationMs: median(times) / perturbations, copyMs: copyMs(config.input.data), conversionMs: conversionMs(config) };
}
