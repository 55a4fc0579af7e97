// One canonical call, as every method hands it to the engine: the inputs read, the
// shared options normalised, and the method's plan.
import type { Baseline } from "../methods/baselines.ts";
import type { ExtraArgs } from "./extra-args.ts";
import type { PerturbationPlan } from "./plan.ts";
import type { ProgressSink } from "./progress.ts";
import type { Target } from "./target.ts";
import type { LongRun } from "./long-run.ts";
import type { DType, InputArray } from "../tensor.ts";

export interface NormalizedCall<P extends PerturbationPlan = PerturbationPlan> {
  /** Input shapes (dim 0 is the batch). */
  inputs: { shape: number[] }[];
  /** Data handed to the unperturbed forward call and copied into the kernel, in each input's type. */
  inputData: InputArray[];
  dtypes: DType[];
  isTuple: boolean;
  baselines: Baseline[];
  target: Target;
  extraArgs: ExtraArgs;
  plan: P;
  progress: ProgressSink | null;
  signal: AbortSignal | undefined;
  concurrency: number;
  maxMemoryBytes: number;
  /** Method name, as partial records carry it. */
  method: string;
  /** onPartial, order, a shard's range, a partial to resume from (long-run.ts). */
  longRun: LongRun;
  /** The call's fingerprint (fingerprint.ts), computed when first asked for. */
  fingerprint: () => string;
  /**
   * Set for perturbationsPerEval "auto" (engine/auto-batch.ts): the candidate sizes that fit,
   * ascending, and the pending perturbations in evaluation order (one list per pass).
   * `plan` is then laid out for the largest size; the run deals it through its own table.
   */
  auto: { sizes: number[]; lists: Int32Array[] } | null;
}
