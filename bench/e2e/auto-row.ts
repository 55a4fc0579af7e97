// bench:e2e's "auto" row: perturbationsPerEval "auto" against the best fixed row, in
// alternating rounds (the machine's load drifts over the minutes the rows take): each
// round runs auto in a fresh session warmed at batch 1 only (as the unperturbed call would
// warm it), so the sizes it tries pay their first run at a new shape as a fresh process
// would, then the best fixed size in a fresh session warmed at that size, as the fixed rows
// were. The ratio is the median of the rounds' auto / fixed.
import { Occlusion, type AttributeOptions, type ProgressEvent, type Tensor } from "../../src/index.ts";
import { onnxForward } from "../../src/adapters/index.ts";
import { createTimedSession, type RuntimeName } from "./sessions.ts";

export interface AutoRow {
  /** Median wall time of auto's runs, and its library share. */
  wallMs: number;
  share: number;
  chosen: number[];
  /** Median over rounds of auto's time / the best fixed size's time in the same round. */
  ratio: number;
  fixedPpe: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function timedRun(ort: any, name: RuntimeName, model: string, input: Tensor, options: AttributeOptions, warm: number) {
  const fresh = await createTimedSession(ort, name, model, 1);
  await fresh.warmUp(warm);
  fresh.modelMs = 0;
  let chosen: number | undefined;
  const started = performance.now();
  await new Occlusion(onnxForward(fresh.session, fresh.Tensor)).attribute(input, {
    ...options, showProgress: (event: ProgressEvent) => (chosen = event.perturbationsPerEval ?? chosen),
  });
  const wallMs = performance.now() - started;
  return { wallMs, share: (wallMs - fresh.modelMs) / wallMs, chosen: chosen ?? 0 };
}

export async function autoRow(ort: any, name: RuntimeName, model: string, input: Tensor, options: AttributeOptions, bestFixed: number, rounds: number): Promise<AutoRow> {
  const autos: { wallMs: number; share: number; chosen: number }[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const auto = await timedRun(ort, name, model, input, { ...options, perturbationsPerEval: "auto" }, 1);
    const fixed = await timedRun(ort, name, model, input, { ...options, perturbationsPerEval: bestFixed }, bestFixed);
    autos.push(auto);
    ratios.push(auto.wallMs / fixed.wallMs);
  }
  const typical = autos.find((auto) => auto.wallMs === median(autos.map((a) => a.wallMs)))!;
  return { wallMs: typical.wallMs, share: typical.share, chosen: autos.map((auto) => auto.chosen), ratio: median(ratios), fixedPpe: bestFixed };
}
