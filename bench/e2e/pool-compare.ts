// The worker pool against the best single session, on one runtime: one session with 1
// thread, one session with CORES threads, and a pool of CORES one-thread sessions take
// turns for `rounds` rounds (so a busy stretch of a shared machine hits all three), and
// each reports its median. onnxruntime-web fixes its thread count when its wasm starts
// (once per thread), so its CORES-thread session runs in a pool of one worker.
import { Occlusion, tensor, type AttributeOptions, type ForwardOutput, type Tensor } from "../../src/index.ts";
import { onnxForward } from "../../src/adapters/index.ts";
import { onnxPool, type ForwardPool } from "../../src/pool/index.ts";
import { median } from "../timing.ts";
import { PACKAGES, createTimedSession, type RuntimeName, type TimedSession } from "./sessions.ts";

export const sessionOptionsFor = (name: RuntimeName) =>
  (name === "node" ? { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: "sequential" } : { executionProviders: ["wasm"] });

export interface PoolComparison {
  singleMs: number;
  multiMs?: number;
  poolMs: number;
  /** The pool's attributions equal the one-thread session's, bit for bit. */
  same: boolean;
}

interface Setup {
  ort: any; name: RuntimeName; model: string; input: Tensor; options: AttributeOptions; cores: number; ppe: number; single: TimedSession; rounds: number;
}

const sameBytes = (a: Tensor, b: Tensor) =>
  Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength));

export async function comparePool(setup: Setup): Promise<PoolComparison> {
  const { name, model, input, options, cores, ppe, single, rounds } = setup;
  const zeros = tensor(new Float32Array(input.data.length * ppe), [ppe, ...input.shape.slice(1)]);
  const pools: ForwardPool[] = [];
  try {
    const pool = await onnxPool(PACKAGES[name], model, { size: cores, sessionOptions: sessionOptionsFor(name), wasmNumThreads: 1 });
    pools.push(pool);
    await Promise.all(Array.from({ length: cores }, () => pool.forward(zeros))); // every worker at this batch size once
    const multi = await multiThreaded(setup, pools, zeros);
    const runs: Record<"single" | "multi" | "pool", { forward: (...args: any[]) => Promise<ForwardOutput>; concurrency: number; times: number[] } | undefined> = {
      single: { forward: onnxForward(single.session, single.Tensor), concurrency: 1, times: [] },
      multi: multi && { forward: multi, concurrency: 1, times: [] },
      pool: { forward: pool.forward, concurrency: pool.size, times: [] },
    };
    let reference: Tensor | undefined, same = true;
    for (let round = 0; round < rounds; round++) {
      for (const [label, run] of Object.entries(runs)) {
        if (!run) continue;
        const started = performance.now();
        const result = await new Occlusion(run.forward).attribute(input, { ...options, concurrency: run.concurrency });
        run.times.push(performance.now() - started);
        if (label === "single") reference = result;
        if (label === "pool") same &&= sameBytes(result, reference!);
      }
    }
    const of = (run: { times: number[] } | undefined) => (run ? median(run.times) : undefined);
    return { singleMs: of(runs.single)!, multiMs: of(runs.multi), poolMs: of(runs.pool)!, same };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/** One session with `cores` threads, warmed up; undefined where the runtime cannot make one. */
async function multiThreaded(setup: Setup, pools: ForwardPool[], zeros: Tensor) {
  const { ort, name, model, cores } = setup;
  try {
    if (name === "node") {
      const multi = await createTimedSession(ort, name, model, cores);
      await multi.warmUp(setup.ppe);
      return onnxForward(multi.session, multi.Tensor);
    }
    const pool = await onnxPool(PACKAGES[name], model, { size: 1, wasmNumThreads: cores, sessionOptions: sessionOptionsFor(name) });
    pools.push(pool);
    await pool.forward(zeros);
    return pool.forward;
  } catch (error) {
    console.log(`  ${PACKAGES[name]} ${cores} threads in one session: not available (${(error as Error).message.split("\n")[0]})`);
    return undefined;
  }
}
