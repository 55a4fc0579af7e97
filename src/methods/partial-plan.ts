// The plan a partial record stands for, rebuilt without its inputs: what spreads its
// differences (partial.attributions(), mergePartials). Records carry Occlusion's window
// geometry; a method with other perturbations adds its own case here.
import { fail } from "../errors.ts";
import type { PerturbationPlan } from "../engine/plan.ts";
import type { PartialState } from "../engine/partial.ts";
import { WindowPlan } from "./window-plan.ts";

export function planOfPartial(state: PartialState): PerturbationPlan {
  if (state.method !== "occlusion" || !state.geometries) {
    fail("PARTIAL_INVALID", `a ${state.method} record read back from JSON cannot be spread (it does not carry its feature masks): ` +
      "merge the partials as objects, or resume with resumeFrom in a call that has the masks");
  }
  return new WindowPlan(1, state.geometries, 1);
}
