// A run's bookkeeping for long runs: which windows are done (seeded from resumeFrom),
// onPartial at the caller's rate, and the record error.partial and attributePartial hand
// out. The run itself stores the differences; this only marks and reports them.
import { OcclusionError, fail } from "../errors.ts";
import type { NormalizedCall } from "./call.ts";
import type { WindowPlan } from "../methods/window-plan.ts";
import type { MaskPlan } from "../methods/mask-plan.ts";
import { OcclusionPartial } from "./partial.ts";

const now = () => globalThis.performance?.now() ?? Date.now();

export class PartialTracker {
  private readonly doneMask: Uint8Array;
  private done = 0;
  private differences: Float32Array | null = null;
  private rows = 0;
  private outputShape: number[] = [];
  private lastNotified = -Infinity;
  private notifiedComplete = false;

  constructor(private readonly call: NormalizedCall) {
    const { resume, range } = call.longRun;
    this.doneMask = resume ? resume.state.doneMask.slice() : new Uint8Array(call.plan.perturbationCount);
    if (resume) for (let window = range[0]; window < range[1]; window++) this.done += this.doneMask[window];
  }

  private get total(): number {
    return this.call.longRun.range[1] - this.call.longRun.range[0];
  }

  /** After the unperturbed call: seeds `differences` from resumeFrom; returns whether a seeded difference is NaN or ±Infinity. */
  start(differences: Float32Array, rows: number, outputShape: number[]): boolean {
    this.differences = differences;
    this.rows = rows;
    this.outputShape = outputShape;
    const resume = this.call.longRun.resume;
    if (!resume) return false;
    if (resume.state.outputCount !== rows) {
      fail("PARTIAL_MISMATCH", `resumeFrom holds ${resume.state.outputCount} output value(s) per window, but this call's target selects ${rows}`);
    }
    differences.set(resume.state.differences);
    return resume.state.differences.some((value) => value - value !== 0);
  }

  mark(window: number): void {
    if (this.doneMask[window]) return;
    this.doneMask[window] = 1;
    // Indexed, not destructured: called per perturbation, and on a first call V8 still
    // interprets it, where array destructuring runs the iterator protocol.
    const range = this.call.longRun.range;
    if (window >= range[0] && window < range[1]) this.done++;
  }

  /** Calls onPartial if it is due: at most once per interval, and always once when every window is done. */
  notify(atEnd: boolean): void {
    const onPartial = this.call.longRun.onPartial;
    if (!onPartial || this.notifiedComplete || !this.differences) return;
    const complete = this.done === this.total;
    const time = now();
    if (!complete && !atEnd && time - this.lastNotified < this.call.longRun.intervalMs) return;
    this.lastNotified = time;
    this.notifiedComplete = complete;
    try {
      onPartial(this.view(this.doneMask, this.differences));
    } catch (error) {
      throw new OcclusionError("ON_PARTIAL_FAILED", `onPartial threw after ${this.done} of ${this.total} windows: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** A record of its own (copies), or null before the unperturbed call (when it is resumeFrom's, if given). */
  snapshot(): OcclusionPartial | null {
    if (!this.differences) return this.call.longRun.resume;
    return this.view(this.doneMask.slice(), this.differences.slice());
  }

  private view(doneMask: Uint8Array, differences: Float32Array): OcclusionPartial {
    const { isTuple, longRun } = this.call;
    // Records hold what spreading needs without the inputs: Occlusion's window geometry, FeatureAblation's features.
    const plan = this.call.plan;
    const geometries = "geometries" in plan ? (plan as unknown as WindowPlan).geometries : null;
    const features = "features" in plan ? (plan as unknown as MaskPlan).features : null;
    return new OcclusionPartial({
      method: this.call.method, fingerprint: this.call.fingerprint(), isTuple, sizes: plan.inputSizes.map((sizes) => [...sizes]), geometries, features, plan,
      windowCount: plan.perturbationCount, outputCount: this.rows, outputShape: this.outputShape, range: longRun.range, doneMask, differences, done: this.done,
    });
  }
}
