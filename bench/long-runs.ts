// npm run bench:long-runs: what the long-run options cost, measured in one process on
// the performance configurations (bench/configs.ts, a forward that reads one element):
// order "coarse-to-fine" against the default order (the kernel's in-place batch updates
// move copies farther between calls), and onPartial at its default rate (100 ms) drawing
// partial.attributions() each time. Blocks of the variants alternate; medians per config.
// The model costs nothing here, so the extra time per window and per onPartial call is
// what to weigh against a real model call (milliseconds).
import { Occlusion, init, type AttributeOptions, type OcclusionPartial } from "../src/index.ts";
import { CONFIGS, inputOf, probeForward, windowCountOf, type BenchConfig } from "./configs.ts";

const BLOCKS = 7;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timeOnce(config: BenchConfig, extra: Partial<AttributeOptions>): number {
  const occlusion = new Occlusion((input) => ({ data: probeForward(input), shape: [input.shape[0]] }));
  const options = { slidingWindowShapes: config.window, strides: config.strides, perturbationsPerEval: config.perturbationsPerEval, ...extra };
  const input = inputOf(config);
  const started = performance.now();
  occlusion.attributeSync(input, options);
  return performance.now() - started;
}

async function main(): Promise<void> {
  await init();
  let partialCalls = 0;
  const drawing = { onPartial: (partial: OcclusionPartial) => void (partialCalls++, partial.attributions()) };
  const variants: [string, Partial<AttributeOptions>][] = [["index", {}], ["coarse-to-fine", { order: "coarse-to-fine" }], ["onPartial", drawing]];
  console.log(`occlusion-wasm long-run bench — ${BLOCKS} alternating blocks after a warm-up, median ms per attribute call\n`);
  console.log("| config | windows | index ms | coarse-to-fine ms | extra µs / window | with onPartial ms | onPartial calls | ms / onPartial call |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const config of CONFIGS) {
    variants.forEach(([, extra]) => timeOnce(config, extra));
    const times = variants.map(() => [] as number[]);
    partialCalls = 0;
    for (let block = 0; block < BLOCKS; block++) variants.forEach(([, extra], index) => times[index].push(timeOnce(config, extra)));
    const [plain, fine, partial] = times.map(median);
    const windows = windowCountOf(config);
    const calls = partialCalls / BLOCKS;
    console.log(`| ${config.name} | ${windows} | ${plain.toFixed(1)} | ${fine.toFixed(1)} | ${((fine - plain) * 1e3 / windows).toFixed(2)} | ` +
      `${partial.toFixed(1)} | ${calls.toFixed(1)} | ${((partial - plain) / calls).toFixed(2)} |`);
  }
}

await main();
