// The cost of detecting writes by forward into its batch (FORWARD_WROTE_INPUT): each
// kernel move compares the words it overwrites with what they must hold
// (assembly/shared/replace.ts), and at the end of a run each batch buffer is
// moved back to the input and compared with it (shared/compare.ts). Priced against a
// build of the same kernel without the compare (--use WRITE_CHECK_OFF=1, compiled here
// into build/) and the end-of-run check switched off in this process: whole attribute()
// calls, the three variants in turn, as the ratio per perturbation to one input copy.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadKernel } from "../src/wasm/kernel.ts";
import { KernelSession } from "../src/wasm/session.ts";
import { layMoves } from "./kernel-layout.ts";
import { timeLibrary } from "./library.ts";
import { copyMs, median } from "./timing.ts";
import { windowCountOf, type BenchConfig } from "./configs.ts";

export interface WriteCheckCost {
  /** Kernel moves alone (dealWindows + updateWindows over a whole run), shipped over unchecked build: fastest over fastest, rounds alternating. */
  movesRatio: number;
  /** The end-of-run check (batchesIntact: compare and clear) per run, divided by the windows, as a ratio to one input copy. */
  endRatio: number;
  /** Ratio to one input copy per perturbation, check on (the shipped kernel). */
  on: number;
  /** The shipped kernel's compares in the moves, without the end-of-run comparison. */
  moves: number;
  /** Neither. */
  off: number;
  /** Median over rounds of on / off, each round's pair timed back to back (drift cancels). */
  factor: number;
  /** Median over rounds of on − off. */
  extra: number;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/** The shipped SIMD kernel and the comparison build without the compare. */
function modules(): { shipped: WebAssembly.Module; unchecked: WebAssembly.Module } {
  const out = "build/kernel.nocheck.simd.wasm";
  execFileSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", "assembly/index.ts", "--target", "release", "--use", "WRITE_CHECK_OFF=1", "-o", out], { cwd: root, stdio: "inherit" });
  return {
    shipped: new WebAssembly.Module(readFileSync(`${root}build/kernel.simd.wasm`)),
    unchecked: new WebAssembly.Module(readFileSync(`${root}${out}`)),
  };
}

let built: ReturnType<typeof modules> | null = null;

export async function timeWriteCheck(config: BenchConfig, repetitions: number): Promise<WriteCheckCost> {
  built ??= modules();
  const proto = KernelSession.prototype as unknown as { batchesIntact(): boolean };
  const { batchesIntact } = proto;
  const on: number[] = [];
  const moves: number[] = [];
  const off: number[] = [];
  const timed = async (module: WebAssembly.Module, endCheck: boolean, into: number[]) => {
    await loadKernel({ module });
    if (!endCheck) proto.batchesIntact = () => true;
    try {
      into.push((await timeLibrary(config, 1)).ratio);
    } finally {
      proto.batchesIntact = batchesIntact;
    }
  };
  try {
    for (let round = 0; round < repetitions; round++) {
      await timed(built.shipped, true, on);
      await timed(built.shipped, false, moves);
      await timed(built.unchecked, false, off);
    }
  } finally {
    await loadKernel({ module: built.shipped });
  }
  const endTimes: number[] = [];
  proto.batchesIntact = function (this: unknown) {
    const start = performance.now();
    try {
      return batchesIntact.call(this);
    } finally {
      endTimes.push(performance.now() - start);
    }
  };
  try {
    await timeLibrary(config, 2);
  } finally {
    proto.batchesIntact = batchesIntact;
  }
  const copy = copyMs(config.shape.reduce((a, b) => a * b, 1), 5);
  return {
    movesRatio: pairedMoves(built, config, 3 * repetitions), endRatio: median(endTimes) / windowCountOf(config) / copy,
    on: median(on), moves: median(moves), off: median(off),
    factor: median(on.map((value, round) => value / off[round])), extra: median(on.map((value, round) => value - off[round])),
  };
}

/** One run's kernel moves on a fresh instance of `module`, as bench/kernel.ts times them: returns a timer. */
function movesTimer(module: WebAssembly.Module, config: BenchConfig): () => number {
  const kernel = new WebAssembly.Instance(module, {}).exports as unknown as import("../src/wasm/kernel.ts").KernelExports;
  const ppe = config.perturbationsPerEval;
  const { copyLength, geometry, geometryPtr, jobPtr, scratchPtr, boxesPtr, inputPtr, batchPtr } = layMoves(kernel, config);
  const ints = new Int32Array(kernel.memory.buffer);
  const input = new Float32Array(kernel.memory.buffer, inputPtr, copyLength);
  for (let index = 0; index < copyLength; index++) input[index] = Math.sin(index);
  const windows = windowCountOf(config);
  const calls = Math.ceil(windows / ppe);
  return () => {
    ints.fill(-1, boxesPtr / 4, inputPtr / 4);
    kernel.replicate(inputPtr, batchPtr, 4 * copyLength, ppe);
    const start = performance.now();
    for (let call = 0; call <= calls; call++) {
      kernel.dealWindows(jobPtr, ppe, calls, windows - (calls - 1) * ppe, call - 1, call < calls ? call : -1, 0, windows);
      kernel.updateWindows(inputPtr, 0, 0.5, batchPtr, 4 * copyLength, config.shape[0], geometryPtr, geometry.length / 4, jobPtr, ppe, scratchPtr, boxesPtr);
    }
    return performance.now() - start;
  };
}

/** Fastest run of the shipped kernel's moves over the fastest of the unchecked build's (rounds alternate; the least disturbed of each). */
function pairedMoves(modules: { shipped: WebAssembly.Module; unchecked: WebAssembly.Module }, config: BenchConfig, rounds: number): number {
  const shipped = movesTimer(modules.shipped, config);
  const unchecked = movesTimer(modules.unchecked, config);
  shipped();
  unchecked();
  let best = [Infinity, Infinity];
  for (let round = 0; round < rounds; round++) best = [Math.min(best[0], shipped()), Math.min(best[1], unchecked())];
  return best[0] / best[1];
}
