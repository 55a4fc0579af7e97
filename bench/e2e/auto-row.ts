// bench:e2e's "auto" row: perturbationsPerEval "auto" in a fresh session of the runtime
// (warmed at batch 1 only, as the unperturbed call would), so the sizes it tries pay
// their first run at a new shape as a fresh process would; the fixed rows each had a
// warm-up at their own size. The ratio is auto's wall time over the best fixed row's.
import { Occlusion, type AttributeOptions, type ProgressEvent, type Tensor } from "../../src/index.ts";
import { onnxForward } from "../../src/adapters/index.ts";
import { createTimedSession, type RuntimeName } from "./sessions.ts";

export interface AutoRow {
  wallMs: number;
  share: number;
  chosen: number | undefined;
}

export async function autoRow(ort: any, name: RuntimeName, model: string, input: Tensor, options: AttributeOptions): Promise<AutoRow> {
  const fresh = await createTimedSession(ort, name, model, 1);
  await fresh.warmUp(1);
  fresh.modelMs = 0;
  let chosen: number | undefined;
  const started = performance.now();
  await new Occlusion(onnxForward(fresh.session, fresh.Tensor)).attribute(input, {
    ...options, perturbationsPerEval: "auto", showProgress: (event: ProgressEvent) => (chosen = event.perturbationsPerEval ?? chosen),
  });
  const wallMs = performance.now() - started;
  return { wallMs, share: (wallMs - fresh.modelMs) / wallMs, chosen };
}
