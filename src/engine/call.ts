// One canonical call, as every method hands it to the engine: the inputs read, the
// shared options normalised, and the method's plan.
import type { Baseline } from "../methods/baselines.ts";
import type { ExtraArgs } from "./extra-args.ts";
import type { PerturbationPlan } from "./plan.ts";
import type { ProgressSink } from "./progress.ts";
import type { Target } from "./target.ts";
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
}
