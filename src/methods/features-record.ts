// FeatureAblation's features in a partial record: what spreading its differences needs
// without the inputs (the record's counterpart of Occlusion's window geometry). Per input,
// the runs of each feature as the kernel holds them (mask-kernel.ts); a default mask is
// its first feature and run count only. Checked when read back, so that a malformed record
// is PARTIAL_INVALID and can never make the kernel write outside the result.
import { describe, fail } from "../errors.ts";
import { decodeInt32, encodeInt32 } from "../engine/partial-base64.ts";
import type { Features, MaskRuns } from "./feature-mask.ts";

/** One input's features in JSON: runs and offsets as base64 little-endian int32, absent for a default mask. */
export interface FeatureRunsRecord {
  maskExamples: number;
  runCount: number;
  first: number;
  runs?: string;
  offsets?: string;
}

export interface FeaturesRecord {
  count: number;
  inputs: FeatureRunsRecord[];
}

export function featuresToJSON(features: Features): FeaturesRecord {
  return {
    count: features.count,
    inputs: features.inputs.map(({ maskExamples, runCount, first, grouped }) => (grouped
      ? { maskExamples, runCount, first, runs: encodeInt32(grouped.runs), offsets: encodeInt32(grouped.offsets) }
      : { maskExamples, runCount, first })),
  };
}

/** The features of a record whose inputs have these non-batch sizes and whose differences have `rows` values per feature. */
export function featuresFromJSON(value: unknown, sizes: number[][], rows: number): Features {
  const record = value as Partial<FeaturesRecord> | null;
  const count = record?.count;
  if (typeof record !== "object" || record === null || !Number.isInteger(count) || count! < 1 || !Array.isArray(record.inputs) || record.inputs.length !== sizes.length) {
    fail("PARTIAL_INVALID", `a featureAblation partial needs features { count, inputs: one entry per input (${sizes.length}) }, got ${describe(value)}`);
  }
  return { count: count!, inputs: record.inputs.map((entry, input) => runsFromJSON(entry, input, count!, sizes[input], rows)) };
}

function runsFromJSON(entry: FeatureRunsRecord, input: number, count: number, sizes: number[], rows: number): MaskRuns {
  const where = `the partial's features.inputs[${input}]`;
  const { maskExamples, runCount, first } = entry ?? {};
  const length = sizes.reduce((total, size) => total * size, 1);
  if (!Number.isInteger(maskExamples) || maskExamples < 1 || !Number.isInteger(runCount) || runCount < 0 || !Number.isInteger(first) || first < 0) {
    fail("PARTIAL_INVALID", `${where} needs integer maskExamples >= 1, runCount >= 0 and first >= 0, got ${describe(entry)}`);
  }
  // A per-example mask's runs index [maskExamples, ...]: one difference row per example.
  if (maskExamples > 1 && maskExamples !== rows) fail("PARTIAL_INVALID", `${where} is per example (${maskExamples}) but the partial has ${rows} outputs per feature`);
  if (entry.runs === undefined && entry.offsets === undefined) {
    // A default mask: element p is feature first + p.
    if (maskExamples !== 1 || runCount !== length || first + runCount > count) fail("PARTIAL_INVALID", `${where} is a default mask that does not fit ${length} elements and ${count} features`);
    return { maskExamples, grouped: null, runCount, first };
  }
  if (typeof entry.runs !== "string" || typeof entry.offsets !== "string") fail("PARTIAL_INVALID", `${where} needs both runs and offsets`);
  const runs = decodeInt32(entry.runs, `features.inputs[${input}].runs`);
  const offsets = decodeInt32(entry.offsets, `features.inputs[${input}].offsets`);
  if (runs.length !== 2 * runCount || offsets.length !== count + 1 || offsets[0] !== 0 || offsets[count] !== runCount) {
    fail("PARTIAL_INVALID", `${where} has ${runs.length / 2} runs and ${offsets.length} offsets; runCount ${runCount} and ${count} features need ${runCount} and ${count + 1} (from 0 to ${runCount})`);
  }
  for (let feature = 0; feature < count; feature++) {
    if (offsets[feature + 1] < offsets[feature]) fail("PARTIAL_INVALID", `${where}.offsets decrease at feature ${feature}`);
  }
  for (let run = 0; run < runCount; run++) {
    const start = runs[2 * run];
    const runLength = runs[2 * run + 1];
    // Within one example: the kernel writes each run into a single row of the result.
    const offset = start - Math.floor(start / length) * length;
    if (!(start >= 0 && runLength > 0 && start + runLength <= maskExamples * length && offset + runLength <= length)) {
      fail("PARTIAL_INVALID", `${where}: run ${run} (start ${start}, length ${runLength}) is not within one example of ${length} elements (x ${maskExamples})`);
    }
  }
  return { maskExamples, grouped: { runs, offsets }, runCount, first };
}
