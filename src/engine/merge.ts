// mergePartials: the shards of one attribution (attributePartial on any machines) back
// into its attributions. The partials must share a fingerprint and hold every window
// exactly once; the differences are then reduced in window order, as one run does, so
// the result is bit for bit what a single attribute call gives.
import { describe, fail } from "../errors.ts";
import { loadKernel } from "../wasm/kernel.ts";
import type { Tensor } from "../tensor.ts";
import { OcclusionPartial, type PartialRecord } from "./partial.ts";
import { doneRanges } from "./partial-record.ts";

/**
 * The attributions of shards made by `attributePartial` (live partials, their JSON
 * records, or JSON strings): they must share one fingerprint and cover every window
 * exactly once (`PARTIAL_MISMATCH`, `PARTIAL_GAP`, `PARTIAL_OVERLAP` otherwise). The
 * result has the bits of one `attribute` call.
 */
export async function mergePartials(partials: readonly (OcclusionPartial | PartialRecord | string)[]): Promise<Tensor | Tensor[]> {
  const merged = combinePartials(partials);
  await loadKernel();
  return merged.attributions();
}

/** One partial holding every window of `partials`; throws PARTIAL_MISMATCH, PARTIAL_OVERLAP or PARTIAL_GAP. */
export function combinePartials(partials: readonly (OcclusionPartial | PartialRecord | string)[]): OcclusionPartial {
  if (!Array.isArray(partials) || partials.length === 0) fail("INVALID_OPTIONS", `mergePartials takes a non-empty array of partials, got ${describe(partials)}`);
  const list = partials.map((entry) => (entry instanceof OcclusionPartial ? entry : OcclusionPartial.fromJSON(entry)));
  const first = list[0].state;
  list.forEach(({ state }, index) => {
    if (state.fingerprint !== first.fingerprint || state.outputCount !== first.outputCount || state.windowCount !== first.windowCount) {
      fail("PARTIAL_MISMATCH", `partials[${index}] has fingerprint ${state.fingerprint} (${state.windowCount} windows x ${state.outputCount} outputs), ` +
        `partials[0] has ${first.fingerprint} (${first.windowCount} x ${first.outputCount}): they come from different calls`);
    }
  });
  const { windowCount, outputCount: rows } = first;
  const owner = new Int32Array(windowCount).fill(-1);
  const differences = new Float32Array(windowCount * rows);
  list.forEach(({ state }, index) => {
    for (const [start, end] of doneRanges(state.doneMask)) {
      for (let window = start; window < end; window++) {
        if (owner[window] >= 0) {
          fail("PARTIAL_OVERLAP", `window ${window} is in partials[${owner[window]}] and partials[${index}]; each window must be in exactly one partial`);
        }
        owner[window] = index;
      }
      differences.set(state.differences.subarray(start * rows, end * rows), start * rows);
    }
  });
  const missing = owner.indexOf(-1);
  if (missing >= 0) {
    let end = missing;
    while (end < windowCount && owner[end] < 0) end++;
    fail("PARTIAL_GAP", `windows ${missing} to ${end - 1} (of 0..${windowCount - 1}) are in no partial; run attributePartial with windows: [${missing}, ${end}]`);
  }
  return new OcclusionPartial({ ...first, range: [0, windowCount], doneMask: new Uint8Array(windowCount).fill(1), differences, done: windowCount });
}
