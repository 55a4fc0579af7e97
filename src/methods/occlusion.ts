// Occlusion (Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks",
// arXiv 1311.2901), with the semantics of Captum's captum.attr.Occlusion: the window
// plan (window-plan.ts) fed to the one engine.
import { normalizeCall, type AttributeOptions } from "./args.ts";
import type { NormalizedCall } from "../engine/call.ts";
import type { ForwardFunction } from "../engine/forward-call.ts";
import { PerturbationMethod } from "./method.ts";

export type { ForwardFunction } from "../engine/forward-call.ts";

export class Occlusion extends PerturbationMethod<AttributeOptions> {
  constructor(forward: ForwardFunction) {
    super(forward, "Occlusion");
  }

  protected normalize(inputs: unknown, options: unknown): NormalizedCall {
    return normalizeCall(inputs, options);
  }
}
