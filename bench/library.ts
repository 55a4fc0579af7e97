// The library's side of the bench: time per perturbation of a whole attribute() call
// (unperturbed call, batches, end-of-run spread, result, all included) and its peak memory.
import { Occlusion, type Tensor } from "../src/index.ts";
import { inputOf, probeForward, windowCountOf, type BenchConfig } from "./configs.ts";
import { copyMs, median } from "./timing.ts";

export interface LibraryTiming {
  /** Median milliseconds of one attribute() call in steady state (calls back to back). */
  runMs: number;
  /** Median milliseconds of the first call of a block, made right after the copy loop ran (caches hold other data). */
  firstRunMs: number;
  /** Median milliseconds of one Float32Array.prototype.set of the input, timed between the blocks. */
  copyMs: number;
  /** Median over blocks of (steady-state run / windows) / (copies timed right after the block): noise in one pair cancels. */
  ratio: number;
  /** The same for the first call of each block. */
  firstRatio: number;
  /** (fastest run / windows) / fastest copy: the cost with the least interference from other processes. */
  bestRatio: number;
  peak: PeakMemory;
}

export interface PeakMemory {
  /** Size of the run's wasm memory: it only grows, and only before the first perturbed batch. */
  wasmBytes: number;
  /** Largest growth of process.memoryUsage().arrayBuffers seen during and right after the run. */
  jsBytes: number;
}

function optionsOf(config: BenchConfig) {
  return { slidingWindowShapes: config.window, strides: config.strides, perturbationsPerEval: config.perturbationsPerEval };
}

/** attribute() calls per block: the first follows other work, the others are steady state. */
const BLOCK = 4;

export interface Block {
  /** The first call of the block (caches hold whatever ran before it). */
  first: number;
  /** Median of the other calls: steady state. */
  steady: number;
}

/** Times a block of attribute() calls back to back, in milliseconds. */
export async function timeBlock(occlusion: Occlusion, input: Tensor, config: BenchConfig): Promise<Block> {
  const options = optionsOf(config);
  const times: number[] = [];
  for (let call = 0; call < BLOCK; call++) {
    const start = performance.now();
    await occlusion.attribute(input, options);
    times.push(performance.now() - start);
  }
  return { first: times[0], steady: median(times.slice(1)) };
}

/**
 * Blocks of attribute() calls back to back alternate with timing the copy, so both see
 * the same machine (other load, clock). The copy is timed in a hot loop, so the
 * library's steady state (calls back to back) is what is compared with it; the first
 * call of each block, which finds the caches full of the copy loop's arrays, is
 * reported beside it.
 */
export async function timeLibrary(config: BenchConfig, repetitions: number): Promise<LibraryTiming> {
  const input = inputOf(config);
  const occlusion = new Occlusion(probeForward);
  const peak = await measurePeak(config, input);
  for (let warmUp = 0; warmUp < 2; warmUp++) await occlusion.attribute(input, optionsOf(config));
  const steady: number[] = [];
  const first: number[] = [];
  const copies: number[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const block = await timeBlock(occlusion, input, config);
    first.push(block.first);
    steady.push(block.steady);
    copies.push(copyMs(input.data.length, 5));
  }
  const windows = windowCountOf(config);
  const ratioOf = (runs: number[]) => median(runs.map((run, index) => run / windows / copies[index]));
  const bestRatio = Math.min(...steady, ...first) / windows / Math.min(...copies);
  return { runMs: median(steady), firstRunMs: median(first), copyMs: median(copies), ratio: ratioOf(steady), firstRatio: ratioOf(first), bestRatio, peak };
}

/**
 * Time per perturbation of `large` over that of `small`, steady state: blocks of the two
 * alternate, and the result is the median of the per-round ratios, so that a slow
 * stretch of the machine lands on both sides of a ratio instead of on one configuration.
 */
export async function timeWindowRatio(small: BenchConfig, large: BenchConfig, rounds: number): Promise<number> {
  const sides = [small, large].map((config) => ({ config, input: inputOf(config), occlusion: new Occlusion(probeForward) }));
  const ratios: number[] = [];
  for (let round = 0; round < rounds + 1; round++) {
    const perPerturbation: number[] = [];
    for (const side of sides) {
      const block = await timeBlock(side.occlusion, side.input, side.config);
      perPerturbation.push(block.steady / windowCountOf(side.config));
    }
    if (round > 0) ratios.push(perPerturbation[1] / perPerturbation[0]); // round 0 warms both up
  }
  return median(ratios);
}

/**
 * One untimed run that samples memory at every forward call (sampling is too slow to
 * do while timing). Wasm memory is not counted in arrayBuffers, so the two add up.
 */
async function measurePeak(config: BenchConfig, input: Tensor): Promise<PeakMemory> {
  // Collect, let sweeping finish, collect again: freed buffers leave the arrayBuffers count late.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc?.();
  const before = process.memoryUsage().arrayBuffers;
  let jsBytes = 0;
  let wasmBytes = 0;
  const sample = () => (jsBytes = Math.max(jsBytes, process.memoryUsage().arrayBuffers - before));
  const forward = (batch: Tensor) => {
    sample();
    if (batch.data !== input.data) wasmBytes = batch.data.buffer.byteLength;
    return probeForward(batch);
  };
  const result = await new Occlusion(forward).attribute(input, optionsOf(config));
  sample();
  if (result.data.length === 0) throw new Error("empty result");
  return { wasmBytes, jsBytes };
}

/** The bound: (perturbationsPerEval x batch + 3) example-sized copies + 16 MiB. */
export function memoryBound(config: BenchConfig): number {
  const exampleBytes = (4 * config.shape.slice(1).reduce((a, b) => a * b, 1));
  return (config.perturbationsPerEval * config.shape[0] + 3) * exampleBytes + 16 * 2 ** 20;
}
