// FeatureAblation with the semantics of Captum's captum.attr.FeatureAblation: every
// element of a mask's group is set to the baseline together, and each element gets
// f(input) - f(its group ablated). The mask plan (mask-plan.ts) fed to the one engine.
import { normalizeMethodCall, type CommonOptions, type MethodSpec } from "./args.ts";
import type { NormalizedCall } from "../engine/call.ts";
import type { ForwardFunction } from "../engine/forward-call.ts";
import { normalizeFeatureMask } from "./feature-mask.ts";
import { MaskPlan } from "./mask-plan.ts";
import { PerturbationMethod } from "./method.ts";
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

const FEATURE_ABLATION: MethodSpec<MaskPlan> = {
  options: ["featureMask"],
  required: "featureMask (or {})",
  plan(opts, shapes, perturbationsPerEval) {
    const features = normalizeFeatureMask(opts.featureMask, shapes);
    return new MaskPlan(shapes[0].shape[0], shapes.map((raw) => raw.shape), features, perturbationsPerEval);
  },
};

export class FeatureAblation extends PerturbationMethod<FeatureAblationOptions | undefined> {
  constructor(forward: ForwardFunction) {
    super(forward, "FeatureAblation");
  }

  protected normalize(inputs: unknown, options: unknown): NormalizedCall {
    return normalizeMethodCall(inputs, options ?? {}, FEATURE_ABLATION);
  }
}
