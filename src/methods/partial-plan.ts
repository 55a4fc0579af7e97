// The plan a partial record stands for, rebuilt without its inputs: what spreads its
// differences (partial.attributions(), mergePartials). Records carry Occlusion's window
// geometry or FeatureAblation's features; a method with other perturbations adds its own
// case here.
import { fail } from "../errors.ts";
import type { PerturbationPlan } from "../engine/plan.ts";
import type { PartialState } from "../engine/partial.ts";
import { MaskPlan } from "./mask-plan.ts";
import { WindowPlan } from "./window-plan.ts";

export function planOfPartial(state: PartialState): PerturbationPlan {
  if (state.method === "occlusion" && state.geometries) return new WindowPlan(1, state.geometries, 1);
  if (state.method === "featureAblation" && state.features) {
    // Spreading needs the examples only where a mask is per example ([B, ...]).
    const examples = Math.max(...state.features.inputs.map((mask) => mask.maskExamples));
    return new MaskPlan(examples, state.sizes.map((sizes) => [examples, ...sizes]), state.features, 1);
  }
  return fail("PARTIAL_INVALID", `a ${state.method} record read back from JSON cannot be spread: it carries neither window geometry nor features ` +
    "(a record written before records carried them); merge the partials as objects, or resume with resumeFrom in a call that has the masks");
}
