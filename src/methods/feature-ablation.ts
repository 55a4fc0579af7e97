// FeatureAblation with the semantics of Captum's captum.attr.FeatureAblation: every
// element of a mask's group is set to the baseline together, and each element gets
// f(input) - f(its group ablated). The mask plan (mask-plan.ts) fed to the one engine.
import { normalizeMethodCall, type CommonOptions } from "./args.ts";
import { FEATURE_ABLATION } from "./feature-ablation-spec.ts";
import type { NormalizedCall } from "../engine/call.ts";
import type { ForwardFunction, InputsForward } from "../engine/forward-call.ts";
import { PerturbationMethod } from "./method.ts";
import { init } from "./init.ts";
import type { TensorLike } from "../tensor.ts";

/** Options of FeatureAblation.attribute; Captum's argument names in camelCase. */
export interface FeatureAblationOptions extends CommonOptions {
  /**
   * Captum feature_mask: an integer tensor-like per input (an array of them for several
   * inputs), broadcastable to the input ([1, ...] for every example, [B, ...] one per
   * example). Ids are non-negative integers, need not be contiguous, and an id shared by
   * several inputs is one feature. Omitted: every element is its own feature.
   */
  featureMask?: TensorLike | readonly TensorLike[] | null;
}

/**
 * Captum's `FeatureAblation`: each feature (a group of elements given by `featureMask`,
 * or every element alone) is set to its baseline, and each of its elements gets the drop
 * in the model's output.
 */
export class FeatureAblation extends PerturbationMethod<FeatureAblationOptions | undefined> {
  /**
   * A forward whose parameters are all float32 inputs: written without annotations,
   * every parameter is a `Tensor`.
   * @param forward the model: each (ablated) input as a `Tensor`; returns the scores
   * (see `ForwardOutput`), or a promise of them
   */
  constructor(forward: InputsForward);
  /**
   * Any other forward: integer inputs (annotate `Tensor<Int32Array>` or
   * `Tensor<BigInt64Array>`) or additional forward arguments (annotate those too).
   * @param forward the model: each input as a `Tensor` of its type, then the additional
   * forward arguments; returns the scores, or a promise of them
   */
  constructor(forward: ForwardFunction);
  constructor(forward: InputsForward | ForwardFunction) {
    super(forward, "FeatureAblation");
  }

  /** @internal */
  protected override plansInKernel(): boolean {
    return true;
  }

  /** @internal */
  protected normalize(inputs: unknown, options: unknown, allowWindows = false): NormalizedCall {
    return normalizeMethodCall(inputs, options ?? {}, FEATURE_ABLATION, allowWindows);
  }
}

/**
 * How many features attribute(inputs, options) evaluates, after checking the call as
 * attribute does: the range of attributePartial's windows option (feature numbers).
 * Loads the kernel if needed: it reads the masks.
 */
export async function featureCount(inputs: TensorLike | readonly TensorLike[], options: FeatureAblationOptions = {}): Promise<number> {
  await init();
  return normalizeMethodCall(inputs, options, FEATURE_ABLATION).plan.perturbationCount;
}
