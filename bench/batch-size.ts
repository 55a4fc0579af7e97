// Time per perturbation from perturbationsPerEval 1 to 1000 (issue #16's cliff), on a
// [1, N, N] input with window [1, 1]: N² windows, so a forward call's batch is ppe whole
// copies of the input while each perturbation changes one element. Split into where the
// time goes: before the first perturbed call (growing memory, filling the batch buffer),
// the end-of-run write check (batchesIntact), and, measured apart, how long the system
// takes to write that much fresh memory once, and again (the first write is the floor of
// any run whose forward gets ppe copies). Default N = 300 (a 0.36 GB buffer at ppe 1000); `--full` adds N = 1000 (3.7 GiB).
import { fileURLToPath } from "node:url";
import { Occlusion, init, type Tensor } from "../src/index.ts";
import { KernelSession } from "../src/wasm/session.ts";
import { inputOf, probeForward } from "./configs.ts";
import { median } from "./timing.ts";

export const BATCH_SIZES = [1, 16, 64, 256, 1000];

interface RunTiming {
  totalMs: number;
  /** From attribute() to the first perturbed forward call. */
  setupMs: number;
  /** The end-of-run write check (each batch buffer moved back to the input and compared with it). */
  checkMs: number;
  /** Minor page faults during the run: the system mapping fresh memory, about one per 4 KiB page written first. */
  faults: number;
}

export interface BatchSizeRow extends RunTiming {
  perturbationsPerEval: number;
  /** Milliseconds to write fresh wasm memory of the batch buffer's size once, and again. */
  touch: { first: number; again: number };
}

/** Accumulates the time spent in KernelSession.batchesIntact while `task` runs. */
async function timingCheck<T>(task: () => Promise<T>): Promise<{ value: T; checkMs: number }> {
  const proto = KernelSession.prototype as unknown as { batchesIntact(this: KernelSession): boolean };
  const { batchesIntact } = proto;
  let checkMs = 0;
  proto.batchesIntact = function (this: KernelSession) {
    const start = performance.now();
    try {
      return batchesIntact.call(this);
    } finally {
      checkMs += performance.now() - start;
    }
  };
  try {
    return { value: await task(), checkMs };
  } finally {
    proto.batchesIntact = batchesIntact;
  }
}

async function timeRun(input: Tensor, perturbationsPerEval: number): Promise<RunTiming> {
  let calls = 0;
  let firstBatch = 0;
  const forward = (batch: Tensor) => {
    if (calls++ === 1) firstBatch = performance.now();
    return probeForward(batch);
  };
  const faultsBefore = process.resourceUsage().minorPageFault;
  const start = performance.now();
  const { checkMs } = await timingCheck(() => new Occlusion(forward).attribute(input, { slidingWindowShapes: [1, 1], perturbationsPerEval }));
  const totalMs = performance.now() - start;
  return { totalMs, setupMs: firstBatch - start, checkMs, faults: process.resourceUsage().minorPageFault - faultsBefore };
}

/**
 * Milliseconds to write `bytes` of fresh wasm memory once, and then again: the first
 * write pays for the system mapping every page, the second runs at memory speed.
 */
function touchMs(bytes: number): { first: number; again: number } {
  const memory = new WebAssembly.Memory({ initial: 0 });
  memory.grow(Math.ceil(bytes / 65536));
  const words = new Int32Array(memory.buffer);
  let start = performance.now();
  words.fill(1);
  const first = performance.now() - start;
  start = performance.now();
  words.fill(2);
  return { first, again: performance.now() - start };
}

const collect = async () => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
};

/** Median per batch size of `repetitions` runs (batch sizes alternate within a round). */
export async function timeBatchSizes(side: number, repetitions: number): Promise<BatchSizeRow[]> {
  const input = inputOf({ name: `[1, ${side}, ${side}]`, shape: [1, side, side], window: [1, 1], strides: [1, 1], perturbationsPerEval: 1 });
  await timeRun(input, 64); // warm-up
  const runs = BATCH_SIZES.map((): RunTiming[] => []);
  for (let round = 0; round < repetitions; round++) {
    for (const [index, size] of BATCH_SIZES.entries()) {
      await collect();
      runs[index].push(await timeRun(input, size));
    }
  }
  const rows: BatchSizeRow[] = [];
  for (const [index, size] of BATCH_SIZES.entries()) {
    await collect();
    const pick = (key: keyof RunTiming) => median(runs[index].map((run) => run[key]));
    rows.push({
      perturbationsPerEval: size, totalMs: pick("totalMs"), setupMs: pick("setupMs"), checkMs: pick("checkMs"), faults: pick("faults"),
      touch: touchMs(size * side * side * 4),
    });
  }
  return rows;
}

/** The markdown table and its summary line. */
export async function batchSizeTable(side: number, repetitions: number): Promise<string> {
  const rows = await timeBatchSizes(side, repetitions);
  const windows = side * side;
  const us = (ms: number) => ((ms / windows) * 1e3).toFixed(2);
  const perPerturbation = rows.map((row) => row.totalMs / windows);
  const fastest = Math.min(...perPerturbation);
  const one = perPerturbation[0];
  // After the first batch: the run without its setup, whose time is mostly the system's first write of the buffer.
  const afterSetup = rows.map((row) => (row.totalMs - row.setupMs) / windows);
  // A window [1, 1]: as many windows as elements, so a batch buffer is size x windows float32s.
  const bufferPages = (size: number) => (size * windows * 4) / 4096;
  const lines = [
    "| perturbationsPerEval | µs / perturbation | ratio to ppe 1 | ratio to fastest | before 1st batch µs / pert. | after it: µs / pert., ratio to ppe 1 | page faults / buffer pages | write check µs / pert. | writing a buffer that size: fresh, again (µs / pert.) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((row, index) => `| ${row.perturbationsPerEval} | ${us(row.totalMs)} | ${(perPerturbation[index] / one).toFixed(2)} | ` +
      `${(perPerturbation[index] / fastest).toFixed(2)} | ${us(row.setupMs)} | ${(afterSetup[index] * 1e3).toFixed(2)}, ${(afterSetup[index] / afterSetup[0]).toFixed(2)} | ` +
      `${(row.faults / bufferPages(row.perturbationsPerEval)).toFixed(2)} | ${us(row.checkMs)} | ${us(row.touch.first)}, ${us(row.touch.again)} |`),
  ];
  // The cliff: no batch size may cost more than 2x ppe 1 per perturbation beyond the system's first write of
  // its buffer (which no run that hands forward ppe copies avoids, and whose speed swings several-fold on a
  // virtual machine); the run must write each fresh page about once (faults ≈ buffer pages). Slowest / fastest
  // is shown too; it is bounded below by ppe 1's per-call cost, which batching exists to spread.
  const worst = Math.max(...perPerturbation) / one;
  const worstAfter = Math.max(...afterSetup) / afterSetup[0];
  const spread = Math.max(...perPerturbation) / fastest;
  const maxFaults = Math.max(...rows.filter((row) => row.perturbationsPerEval >= 256).map((row) => row.faults / bufferPages(row.perturbationsPerEval)));
  lines.push(`slowest over ppe 1-1000 / ppe 1, after the first batch: ${worstAfter.toFixed(2)}× (target ≤ 2×); page faults per buffer page at ppe ≥ 256: at most ${maxFaults.toFixed(2)} ` +
    `(target ≤ 1.1); whole runs: slowest / ppe 1 ${worst.toFixed(2)}×, slowest / fastest ${spread.toFixed(2)}×`);
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await init();
  console.log(`[1, 300, 300], window [1, 1], median of 3:\n${await batchSizeTable(300, 3)}`);
  if (process.argv.includes("--full")) console.log(`\n[1, 1000, 1000], window [1, 1], one run each:\n${await batchSizeTable(1000, 1)}`);
}
