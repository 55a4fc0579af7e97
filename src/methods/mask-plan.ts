// FeatureAblation's plan: the features of all masks (feature-mask.ts) form one
// perturbation index space, dealt to batch copies as every plan's perturbations are
// (engine/deal.ts). Perturbation k ablates feature k in every input at once; an input
// whose mask lacks it is left as it is. Every feature is evaluated exactly once, so
// attributions, call count and batch sizes are Captum's.
import { fail, listText } from "../errors.ts";
import { DealtPlan } from "../engine/deal.ts";
import type { CallTable } from "../engine/call-table.ts";
import type { PerturbationPlan } from "../engine/plan.ts";
import type { Features } from "./feature-mask.ts";
import { MaskKernel } from "./mask-kernel.ts";

export class MaskPlan extends DealtPlan implements PerturbationPlan {
  readonly perturbationCount: number;
  readonly inputSizes: number[][];
  readonly kernel: MaskKernel;
  /** True when some mask gives each example its own groups ([B, ...] with B > 1). */
  readonly perExample: boolean;

  constructor(readonly batchSize: number, private readonly shapes: number[][], readonly features: Features, readonly perturbationsPerEval: number,
    readonly calls: CallTable | null = null) {
    super(features.count, perturbationsPerEval, calls);
    this.perturbationCount = features.count;
    this.inputSizes = shapes.map((shape) => shape.slice(1));
    this.perExample = batchSize > 1 && features.inputs.some((mask) => mask.maskExamples > 1);
    this.kernel = new MaskKernel(this);
  }

  withCalls(calls: CallTable, perturbationsPerEval = calls.maxCopies): MaskPlan {
    return new MaskPlan(this.batchSize, this.shapes, this.features, perturbationsPerEval, calls);
  }

  identity(): unknown {
    return this.features;
  }

  checkRows(rows: number, outputShape: number[]): void {
    if (this.perExample && rows !== this.batchSize) {
      fail("FEATURE_MASK_PER_EXAMPLE", `a per-example featureMask ([${this.batchSize}, ...]) needs one selected output value per example ` +
        `(${this.batchSize}), but forward's output ${listText(outputShape)} with this target gives ${rows}: pick one output per example with target, or use a mask with first dimension 1`);
    }
  }
}
