// npm run bench: the performance targets of issue #3, measured in one process.
// Per configuration: windows, the library's time per perturbation, the time of one
// copy of the input (Float32Array.prototype.set), their ratio, the speed-up over the
// tests' dense-mask reference, and peak memory against the issue's bound. Then the
// concurrency check on a slow async model, perturbationsPerEval 1 to 1000 (batch-size.ts; --full adds the 10^6-window input),
// and the first calls in fresh processes (first-call.ts). Run with --expose-gc for steadier memory.
import { availableParallelism, loadavg } from "node:os";
import { kernelStats } from "../src/wasm/kernel.ts";
import { init } from "../src/methods/init.ts";
import { CONFIGS, windowCountOf } from "./configs.ts";
import { SLOW_CONFIG, timeConcurrency } from "./concurrency.ts";
import { memoryBound, timeLibrary, timeWindowRatio } from "./library.ts";
import { timeReference } from "./reference.ts";
import { firstCallTable } from "./first-call.ts";
import { ABLATION_CONFIGS, timeAblation } from "./ablation.ts";
import { timeWriteCheck } from "./write-check.ts";
import { batchSizeTable } from "./batch-size.ts";
import { spreadLines } from "./spread.ts";
import { yieldLines } from "./yields.ts";
import { browserYieldLines } from "./yields-browser.ts";
import { COST_MODELS, timeAuto } from "./auto.ts";

const REPETITIONS = 15;
const WRITE_CHECK_ROUNDS = 9;
const REFERENCE_PREFIX = 48;
const MiB = 2 ** 20;

const fixed = (value: number, digits: number) => value.toFixed(digits);

function row(cells: (string | number)[]): string {
  return "| " + cells.join(" | ") + " |";
}

async function main(): Promise<void> {
  await init();
  console.log(`occlusion-wasm bench — ${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} cores, Node ${process.version}, ` +
    `simd ${kernelStats().simd}, load average ${loadavg().map((load) => load.toFixed(1)).join(" ")}`);
  console.log(`library: ${REPETITIONS} blocks of 4 attribute() calls back to back after 2 warm-ups, each block followed by timing input copies in a hot loop; ` +
    "steady = median of calls 2-4 of a block, first = call 1 (right after the copy loop); ratio = median of the per-block ratios to the copy, " +
    `ratio of bests = fastest call / fastest copy; reference: slope between prefixes of ${REFERENCE_PREFIX / 4} and ${REFERENCE_PREFIX} windows\n`);
  const lines = [
    row(["config", "windows", "µs / perturbation", "µs / input copy", "ratio (≤ 0.25)", "first call: µs / pert., ratio", "ratio of bests", "reference µs / pert.", "speed-up (≥ 20)", "peak MiB (wasm + JS)", "bound MiB"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
  ];
  const perPerturbation = new Map<string, number>();
  for (const [index, config] of CONFIGS.entries()) {
    process.stderr.write(`[${index + 1}/${CONFIGS.length}] ${config.name}: library… `);
    const windows = windowCountOf(config);
    const library = await timeLibrary(config, REPETITIONS);
    const copy = library.copyMs;
    process.stderr.write("reference… ");
    const reference = await timeReference(config, REFERENCE_PREFIX);
    process.stderr.write("done\n");
    const ours = library.runMs / windows;
    perPerturbation.set(config.name, ours);
    const peak = (library.peak.wasmBytes + library.peak.jsBytes) / MiB;
    lines.push(row([
      config.name, windows, fixed(ours * 1e3, 2), fixed(copy * 1e3, 2), fixed(library.ratio, 3),
      `${fixed(library.firstRunMs / windows * 1e3, 2)}, ${fixed(library.firstRatio, 3)}`, fixed(library.bestRatio, 3),
      fixed(reference.perPerturbationMs * 1e3, 0) + (reference.prefix < windows ? ` (${reference.prefix} of ${windows})` : ""),
      fixed(reference.perPerturbationMs / ours, 0),
      `${fixed(peak, 1)} (${fixed(library.peak.wasmBytes / MiB, 1)} + ${fixed(library.peak.jsBytes / MiB, 1)})`,
      fixed(memoryBound(config) / MiB, 1),
    ]));
  }
  console.log(lines.join("\n"));
  console.log("peak: the run's wasm memory (grown once, before the first perturbed batch) + the largest growth of " +
    "process.memoryUsage().arrayBuffers sampled at every forward call and after the run; bound: (ppe x batch + 3) examples + 16 MiB");
  const small = CONFIGS.find((config) => config.name === "image 224 w15")!;
  const large = CONFIGS.find((config) => config.name === "image 224 w64")!;
  const fromTable = perPerturbation.get(large.name)! / perPerturbation.get(small.name)!;
  const paired = await timeWindowRatio(small, large, REPETITIONS);
  console.log(`\n64x64 window vs 15x15 window, time per perturbation: ${fixed(paired, 2)}× (target ≤ 1.5×), ` +
    `median of ${REPETITIONS} rounds that alternate blocks of the two; from the table's medians: ${fixed(fromTable, 2)}×`);
  const checks = [];
  let worstFactor = 0;
  let worstExtra = 0;
  for (const config of CONFIGS) {
    const cost = await timeWriteCheck(config, WRITE_CHECK_ROUNDS);
    worstFactor = Math.max(worstFactor, cost.factor);
    worstExtra = Math.max(worstExtra, cost.extra);
    checks.push(`${config.name}: moves ${fixed(cost.movesRatio, 2)}×, end ${fixed(cost.endRatio, 3)}, runs ${fixed(cost.on, 3)} / ${fixed(cost.moves, 3)} / ${fixed(cost.off, 3)} ` +
      `(on / off ${fixed(cost.factor, 2)}×, +${fixed(cost.extra, 3)})`);
  }
  console.log("write check (FORWARD_WROTE_INPUT): moves = the kernel's moves of a run with the compare over a build without it (fastest of 15 each); " +
    "end = the end-of-run comparison (it also clears the buffers) per run / windows, as a ratio to an input copy; runs = ratio to an input copy per perturbation of whole attribute() calls, " +
    `all on / compares in the moves only / neither, median of ${WRITE_CHECK_ROUNDS} rounds (on / off and on − off: median of each round's pair):\n  ${checks.join("\n  ")}\n` +
    `  worst on / off ${fixed(worstFactor, 2)}× (target ≤ 1.75×), worst on − off ${fixed(worstExtra, 3)} (target ≤ 0.2; docs/performance.md, restated target)`);
  console.log(spreadLines(15));
  console.log(await yieldLines());
  console.log(await browserYieldLines());
  const [one, four] = await timeConcurrency([1, 4]);
  console.log(`concurrency on ${SLOW_CONFIG.name} (${windowCountOf(SLOW_CONFIG)} batches): ` +
    `${fixed(one.runMs, 0)} ms with 1, ${fixed(four.runMs, 0)} ms with 4 → ${fixed(one.runMs / four.runMs, 2)}× (target ≥ 3×)`);
  console.log("\nFeatureAblation (median of " + REPETITIONS + " attributeSync calls with a no-op forward; per perturbation = run / features, " +
    "calls included; ratio to one copy of the input):");
  const ablation = [row(["config", "features", "µs / perturbation", "µs / input copy", "ratio", "mask → runs, ms / call"]), row(["---", "---:", "---:", "---:", "---:", "---:"])];
  for (const config of ABLATION_CONFIGS) {
    const timed = await timeAblation(config, REPETITIONS);
    ablation.push(row([config.name, timed.features, fixed(timed.perPerturbationMs * 1e3, 2), fixed(timed.copyMs * 1e3, 2), fixed(timed.perPerturbationMs / timed.copyMs, 3), fixed(timed.conversionMs, 3)]));
  }
  console.log(ablation.join("\n"));
  process.stderr.write("perturbationsPerEval 1 to 1000…\n");
  console.log(`\nperturbationsPerEval 1 to 1000 on [1, 300, 300], window [1, 1] (bench/batch-size.ts; --full adds [1, 1000, 1000]), median of 3:\n${await batchSizeTable(300, 3)}`);
  if (process.argv.includes("--full")) console.log(`\n[1, 1000, 1000], window [1, 1], one run each:\n${await batchSizeTable(1000, 1)}`);
  process.stderr.write("perturbationsPerEval auto…\n");
  console.log("");
  for (const model of COST_MODELS) {
    const timed = timeAuto(model, 3);
    console.log(`perturbationsPerEval "auto" on a synthetic forward (${model.name}), 784 windows, median of 3 rounds: ` +
      `${[...timed.fixedMs].map(([size, ms]) => `${size}: ${fixed(ms, 0)} ms`).join(", ")}; auto ${fixed(timed.autoMs, 0)} ms (settled on ${timed.chosen}) → ` +
      `auto / best fixed (${timed.bestFixed}) ${fixed(timed.autoMs / timed.fixedMs.get(timed.bestFixed)!, 2)}× (target ≤ 1.1×)`);
  }
  process.stderr.write("first calls in fresh processes…\n");
  console.log(`\nfirst calls in a fresh process (the library bundled with esbuild, plain node; init() timed apart, calls 1-3 after it):\n${await firstCallTable()}`);
}

await main();
