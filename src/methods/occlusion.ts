// Occlusion (Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks",
// arXiv 1311.2901), with the semantics of Captum's captum.attr.Occlusion: the window
// plan (window-plan.ts) fed to the one engine.
import { normalizeCall, type AttributeOptions } from "./args.ts";
import type { NormalizedCall } from "../engine/call.ts";
import type { ForwardFunction, InputsForward } from "../engine/forward-call.ts";
import { PerturbationMethod } from "./method.ts";
import type { TensorLike } from "../tensor.ts";

export type { ForwardFunction, ForwardOutput, ForwardResult, InputsForward, NestedNumbers } from "../engine/forward-call.ts";

/**
 * Captum's `Occlusion`: attributions by sliding a window of baseline values over each
 * input and measuring how much the model's output drops.
 */
export class Occlusion extends PerturbationMethod<AttributeOptions> {
  /**
   * A forward whose parameters are all inputs: written without annotations, every
   * parameter is a `Tensor`.
   * @param forward the model: each (perturbed) input as a `Tensor`; returns the scores
   * (see `ForwardOutput`), or a promise of them
   */
  constructor(forward: InputsForward);
  /**
   * Any other forward: integer inputs (annotate `Tensor<Int32Array>` or
   * `Tensor<BigInt64Array>`) or additional forward arguments (annotate those too).
   * @param forward the model: each input as a `Tensor`, then the additional forward
   * arguments; returns the scores, or a promise of them
   */
  constructor(forward: ForwardFunction);
  constructor(forward: InputsForward | ForwardFunction) {
    super(forward, "Occlusion");
  }

  /** @internal */
  protected normalize(inputs: unknown, options: unknown, allowWindows = false): NormalizedCall {
    return normalizeCall(inputs, options, allowWindows);
  }
}

/**
 * How many windows attribute(inputs, options) evaluates, after checking the call as
 * attribute does: the range of attributePartial's windows option.
 */
export function windowCount(inputs: TensorLike | readonly TensorLike[], options: AttributeOptions): number {
  return normalizeCall(inputs, options).plan.windowCount;
}
