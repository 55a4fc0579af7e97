// Occlusion (Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks",
// arXiv 1311.2901), with the semantics of Captum's captum.attr.Occlusion. One engine
// (run.ts) and two thin drivers: attribute (async forwards, optional concurrency) and
// attributeSync (sync forwards, after init()).
import { throwIfAborted } from "../engine/abort.ts";
import { normalizeCall, type AttributeOptions, type NormalizedCall } from "./args.ts";
import { driveAsync } from "../engine/drive-async.ts";
import { fail } from "../errors.ts";
import { callSync, type ForwardFunction, type InputsForward } from "../engine/forward-call.ts";
import { init, isInitialized, type InitOptions, type KernelInfo } from "../wasm/kernel.ts";
import { countingReporter } from "../engine/progress.ts";
import { OcclusionRun } from "../engine/run.ts";
import type { Tensor, TensorLike } from "../tensor.ts";

export type { ForwardFunction, ForwardOutput, ForwardResult, InputsForward, NestedNumbers } from "../engine/forward-call.ts";

type Result<I> = I extends readonly unknown[] ? Tensor[] : Tensor;

/**
 * Captum's `Occlusion`: attributions by sliding a window of baseline values over each
 * input and measuring how much the model's output drops.
 */
export class Occlusion {
  /** The model, as given to the constructor. */
  readonly forward: ForwardFunction;

  /**
   * A forward whose parameters are all inputs: written without annotations, every
   * parameter is a `Tensor`.
   * @param forward the model: each (perturbed) input as a `Tensor`; returns the scores
   * (see `ForwardOutput`), or a promise of them
   */
  constructor(forward: InputsForward);
  /**
   * A forward that also takes additional forward arguments: annotate those parameters.
   * @param forward the model: each input as a `Tensor`, then the additional forward
   * arguments; returns the scores, or a promise of them
   */
  constructor(forward: ForwardFunction);
  constructor(forward: ForwardFunction) {
    if (typeof forward !== "function") fail("INVALID_FORWARD", `new Occlusion(forward) needs a function, got ${typeof forward}`);
    this.forward = forward;
  }

  /** Loads the kernel ahead of time (the same as the module-level init). */
  init(options?: InitOptions): Promise<KernelInfo> {
    return init(options);
  }

  /** Attributions for `inputs`; resolves to one Tensor, or an array when an array was given. */
  async attribute<I extends TensorLike | readonly TensorLike[]>(inputs: I, options: AttributeOptions): Promise<Result<I>> {
    const call = normalizeCall(inputs, options);
    throwIfAborted(call.signal);
    await init();
    return shapeResult(call, await driveAsync(this.forward, call)) as Result<I>;
  }

  /** The same as attribute for a synchronous forward; init() must have resolved. */
  attributeSync<I extends TensorLike | readonly TensorLike[]>(inputs: I, options: AttributeOptions): Result<I> {
    const call = normalizeCall(inputs, options);
    throwIfAborted(call.signal);
    if (!isInitialized()) fail("NOT_INITIALIZED", "attributeSync needs the kernel: await init() (or occ.init()) once before");
    return shapeResult(call, driveSync(this.forward, call)) as Result<I>;
  }
}

function shapeResult(call: NormalizedCall, tensors: Tensor[]): Tensor | Tensor[] {
  return call.isTuple ? tensors : tensors[0];
}

function driveSync(forward: ForwardFunction, call: NormalizedCall): Tensor[] {
  const run = new OcclusionRun(call);
  const report = countingReporter(call.progress, run.callCount);
  try {
    run.prepare(1);
    run.acceptReference(callSync(forward, run.referenceArgs(), -1, run.batchCount));
    report();
    for (let batch = 0; batch < run.batchCount; batch++) {
      throwIfAborted(call.signal);
      run.acceptBatch(batch, callSync(forward, run.batchArgs(0, batch), batch, run.batchCount));
      report();
    }
    return run.finish();
  } finally {
    run.release();
  }
}
