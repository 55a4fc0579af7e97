// Options of long runs (docs/long-runs.md): onPartial and its rate, the window order, a
// shard's window range and a partial to resume from; checked with the rest of a call.
import { describe, fail } from "../errors.ts";
import type { PerturbationPlan } from "./plan.ts";
import { OcclusionPartial, type PartialRecord } from "./partial.ts";
import type { WindowOrder } from "./schedule.ts";

/** Options for long runs, taken by `attribute`, `attributeSync` and `attributePartial` of both methods (docs/long-runs.md). */
export interface LongRunOptions {
  /** Called after stored batches with the attribution so far (partial.done, partial.total, partial.attributions()). */
  onPartial?: (partial: OcclusionPartial) => void;
  /** Least time between two onPartial calls, in milliseconds (the one when all windows are done always comes). Default 100. */
  partialIntervalMs?: number;
  /** "index" (default, Captum's window order) or "coarse-to-fine" (a strided subset of the grid first): same result bits either way. */
  order?: WindowOrder;
  /** Evaluates only the windows not done in this partial (from error.partial or a shard): same result bits as one run. */
  resumeFrom?: OcclusionPartial | PartialRecord | string;
}

export interface PartialCallOptions extends LongRunOptions {
  /** attributePartial: the window numbers start <= w < end to evaluate. Default every window. */
  windows?: [number, number];
}

export interface LongRun {
  onPartial: ((partial: OcclusionPartial) => void) | null;
  intervalMs: number;
  order: WindowOrder;
  range: [number, number];
  resume: OcclusionPartial | null;
  /** attributePartial: the run resolves to its partial record instead of attributions. */
  asPartial: boolean;
}

export const LONG_RUN_OPTIONS = ["onPartial", "partialIntervalMs", "order", "resumeFrom", "windows"];

export function normalizeLongRun(options: PartialCallOptions, plan: PerturbationPlan, allowWindows: boolean): LongRun {
  const { onPartial, partialIntervalMs, order, resumeFrom, windows } = options;
  if (onPartial !== undefined && typeof onPartial !== "function") fail("INVALID_OPTIONS", `onPartial must be a function(partial), got ${describe(onPartial)}`);
  if (partialIntervalMs !== undefined && !(typeof partialIntervalMs === "number" && partialIntervalMs >= 0)) {
    fail("INVALID_OPTIONS", `partialIntervalMs must be a number of milliseconds >= 0, got ${describe(partialIntervalMs)}`);
  }
  if (order !== undefined && order !== "index" && order !== "coarse-to-fine") {
    fail("INVALID_OPTIONS", `order must be "index" or "coarse-to-fine", got ${describe(order)}`);
  }
  if (windows !== undefined && !allowWindows) {
    fail("INVALID_OPTIONS", "windows is an option of attributePartial (a shard resolves to a partial, not to attributions)");
  }
  return {
    onPartial: onPartial ?? null,
    intervalMs: partialIntervalMs ?? 100,
    order: order ?? "index",
    range: windows === undefined ? [0, plan.perturbationCount] : checkRange(windows, plan.perturbationCount),
    resume: resumeFrom === undefined ? null : readResume(resumeFrom, plan),
    asPartial: allowWindows,
  };
}

function checkRange(windows: unknown, windowCount: number): [number, number] {
  const valid = Array.isArray(windows) && windows.length === 2 && windows.every(Number.isInteger) &&
    windows[0] >= 0 && windows[0] < windows[1] && windows[1] <= windowCount;
  if (!valid) fail("INVALID_WINDOWS", `windows must be [start, end] with 0 <= start < end <= ${windowCount} (this call's window count), got ${describe(windows)}`);
  return [windows[0], windows[1]];
}

function readResume(value: unknown, plan: PerturbationPlan): OcclusionPartial {
  if (value === null) fail("PARTIAL_INVALID", "resumeFrom is null; pass an OcclusionPartial, its toJSON() record or JSON text, or leave resumeFrom out");
  const partial = value instanceof OcclusionPartial ? value : OcclusionPartial.fromJSON(value as PartialRecord | string);
  const { windowCount } = partial.state;
  const sizes = JSON.stringify(partial.state.sizes);
  if (windowCount !== plan.perturbationCount || sizes !== JSON.stringify(plan.inputSizes)) {
    fail("PARTIAL_MISMATCH", `resumeFrom was made for inputs of sizes ${sizes} with ${windowCount} windows; ` +
      `this call has sizes ${JSON.stringify(plan.inputSizes)} with ${plan.perturbationCount}`);
  }
  return partial;
}
