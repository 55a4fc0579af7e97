// What "always stoppable" costs: attribute() with a synchronous forward yields a
// macrotask every YIELD_MS (src/engine/drive-async.ts) so that timers and abort signals
// run. Timed against attributeSync on the same run (which never yields), in alternating
// pairs, and the abort latency: AbortSignal.timeout(50) on a run of a synchronous forward
// that would take about 2 s, from the signal's abort event to the rejection.
import { Occlusion, type Tensor } from "../src/index.ts";
import { YIELD_MS } from "../src/engine/drive-async.ts";
import { median } from "./timing.ts";

/** A synchronous forward that takes about `ms` per call (busy), reading one value per example. */
function busyForward(ms: number) {
  return (input: Tensor) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
    const rows = input.shape[0];
    const out = new Float32Array(rows);
    const length = input.data.length / rows;
    for (let row = 0; row < rows; row++) out[row] = Number(input.data[row * length + (length >> 1)]);
    return out;
  };
}

const input = (): Tensor => ({ data: Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => Math.sin(i)), shape: [1, 3, 32, 32] });
// 3 × 29 × 29 = 2523 windows of 4×4, one per call.
const OPTIONS = { slidingWindowShapes: [3, 4, 4], strides: [3, 1, 1], perturbationsPerEval: 1 };

export interface YieldCost {
  /** Per-call forward time of the run (ms). */
  forwardMs: number;
  syncMs: number;
  asyncMs: number;
  /** Median over pairs of attribute() / attributeSync(). */
  ratio: number;
}

/** `pairs` alternating attributeSync / attribute() runs of the same call with a forward of `forwardMs` per call. */
export async function timeYieldCost(forwardMs: number, pairs: number): Promise<YieldCost> {
  const occlusion = new Occlusion(busyForward(forwardMs));
  const x = input();
  occlusion.attributeSync(x, OPTIONS);
  await occlusion.attribute(x, OPTIONS);
  const sync: number[] = [];
  const async: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    let start = performance.now();
    occlusion.attributeSync(x, OPTIONS);
    sync.push(performance.now() - start);
    start = performance.now();
    await occlusion.attribute(x, OPTIONS);
    async.push(performance.now() - start);
  }
  return { forwardMs, syncMs: median(sync), asyncMs: median(async), ratio: median(async.map((time, index) => time / sync[index])) };
}

export interface AbortLatency {
  /** Milliseconds the run would take without the abort. */
  fullMs: number;
  /** From the abort event to the rejection, per run (ms). */
  latencies: number[];
  /** From the call to the rejection, per run (ms). */
  totals: number[];
}

/** `runs` runs of a ~2 s synchronous-forward attribute() with AbortSignal.timeout(50). */
export async function timeAbortLatency(runs: number): Promise<AbortLatency> {
  const forwardMs = 0.8;
  const occlusion = new Occlusion(busyForward(forwardMs));
  const x = input();
  const latencies: number[] = [];
  const totals: number[] = [];
  for (let run = 0; run < runs; run++) {
    const signal = AbortSignal.timeout(50);
    let abortedAt = NaN;
    signal.addEventListener("abort", () => (abortedAt = performance.now()));
    const start = performance.now();
    const error = await occlusion.attribute(x, { ...OPTIONS, signal }).then(() => null, (caught: unknown) => caught);
    const rejectedAt = performance.now();
    if (!error || Number.isNaN(abortedAt)) throw new Error("the run was not aborted");
    latencies.push(rejectedAt - abortedAt);
    totals.push(rejectedAt - start);
  }
  return { fullMs: 2523 * forwardMs, latencies, totals };
}

export { YIELD_MS };

/** The measurements behind the bench's lines, in whatever runtime runs them (yields-page.ts runs them in Chromium). */
export async function measureYields(): Promise<{ costs: YieldCost[]; abort: AbortLatency }> {
  const costs = [await timeYieldCost(0, 7), await timeYieldCost(0.2, 5)];
  return { costs, abort: await timeAbortLatency(5) };
}

/** The bench's lines: the yields' cost against attributeSync, and the abort latency. */
export function formatYields(where: string, { costs, abort }: { costs: YieldCost[]; abort: AbortLatency }): string {
  const ms = (values: number[]) => `median ${median(values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}`;
  return `yields of attribute() (one macrotask per ${YIELD_MS} ms) with a synchronous forward in ${where}, 2523 calls, against attributeSync, median of pairs: ` +
    costs.map((cost) => `forward ${cost.forwardMs} ms/call: ${cost.syncMs.toFixed(0)} ms sync, ${cost.asyncMs.toFixed(0)} ms attribute() → ${cost.ratio.toFixed(3)}×`).join("; ") +
    `\nabort in ${where}: AbortSignal.timeout(50) on a ${(abort.fullMs / 1000).toFixed(1)} s synchronous-forward run, ${abort.latencies.length} runs: abort event → rejection ${ms(abort.latencies)} ms; call → rejection ${ms(abort.totals)} ms`;
}

export async function yieldLines(): Promise<string> {
  return formatYields("Node", await measureYields());
}
