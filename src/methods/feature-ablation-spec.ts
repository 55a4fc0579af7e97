// FeatureAblation's side of a call: its option and its plan (feature-ablation.ts is the
// class). Apart from the class so that init.ts can warm FeatureAblation's path up
// without importing method.ts, which imports init.ts.
import type { MethodSpec } from "./args.ts";
import { normalizeFeatureMask } from "./feature-mask.ts";
import { MaskPlan } from "./mask-plan.ts";

export const FEATURE_ABLATION: MethodSpec<MaskPlan> = {
  name: "featureAblation",
  options: ["featureMask"],
  required: "featureMask (or {})",
  plan(opts, shapes, perturbationsPerEval, maxMemoryBytes) {
    const features = normalizeFeatureMask(opts.featureMask, shapes, maxMemoryBytes);
    return new MaskPlan(shapes[0].shape[0], shapes.map((raw) => raw.shape), features, perturbationsPerEval);
  },
};
