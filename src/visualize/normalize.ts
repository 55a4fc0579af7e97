/**
 * Normalisation of an attribution map to [-1, 1], as Captum's
 * `_normalize_attr`: keep the values of the chosen sign, pick a scale with
 * `_cumulative_sum_threshold` so that the largest values making up
 * `outlierPerc` percent of the total are treated as outliers, divide, clip.
 *
 * Arithmetic follows NumPy on float32 arrays (what a float32 torch tensor
 * gives Captum): sums and quotients are rounded to float32 at each step.
 */
import { OcclusionError } from "../index.ts";
import { describe, planarView, sumChannels } from "./layout.ts";
import type { Layout, Sign, TensorLike } from "./types.ts";

/** Captum's sign names, in the order of its `VisualizeSign`. */
export const SIGNS: readonly Sign[] = ["all", "positive", "negative", "absolute_value"];

/** Extra knobs of `normalizeAttr`. */
export interface NormalizeOptions {
  /** Layout of a 3-d `attr` (default: inferred). */
  layout?: Layout;
  /** Receives Captum's warning when the scale is (nearly) 0. */
  onWarning?: (message: string) => void;
}

/**
 * Captum's `_normalize_attr`: the normalised map, in [-1, 1] for sign `"all"`
 * and [0, 1] otherwise. With `reduceChannels` (default) the result has H×W
 * values, row-major (channels summed); without, every element of `attr.data`
 * is normalised in place order, as Captum with `reduction_axis=None`.
 */
export function normalizeAttr(
  attr: TensorLike,
  sign: Sign = "absolute_value",
  outlierPerc = 2,
  reduceChannels = true,
  options: NormalizeOptions = {},
): Float32Array {
  checkSign(sign);
  checkOutlierPerc(outlierPerc);
  const view = planarView(attr, "attr", options.layout);
  const combined = reduceChannels ? sumChannels(view) : Float32Array.from(view.data);
  return normalizeCombined(combined, sign, outlierPerc, options.onWarning);
}

/** `normalizeAttr` after channel reduction; `values` is reused for the result. */
export function normalizeCombined(
  values: Float32Array,
  sign: Sign,
  outlierPerc: number,
  onWarning?: (message: string) => void,
): Float32Array {
  return normalizeWithScale(values, sign, outlierPerc, onWarning).values;
}

/**
 * `normalizeCombined` that also returns the scale: the magnitude that became 1 (values
 * beyond it were clipped). A legend labels the colour map's ends with it.
 */
export function normalizeWithScale(
  values: Float32Array,
  sign: Sign,
  outlierPerc: number,
  onWarning?: (message: string) => void,
): { values: Float32Array; scale: number } {
  checkFinite(values);
  selectSign(values, sign);
  const magnitudes = sign === "all" ? values.map(Math.abs) : values;
  const threshold = cumulativeSumThreshold(magnitudes, 100 - outlierPerc);
  if (Math.abs(threshold) < 1e-5) {
    onWarning?.(
      `Attempting to normalize by value approximately 0 (${threshold}); visualized results may be ` +
        "misleading. This likely means that attribution values are all close to 0.",
    );
  }
  return { values: scaleAndClip(values, threshold), scale: threshold };
}

/**
 * Captum's `_cumulative_sum_threshold`: sort ascending, take float32 running
 * sums, return the first value whose running sum reaches `percentile`% of
 * the total. The target is computed in float64, as NumPy 1.x does.
 */
export function cumulativeSumThreshold(values: Float32Array, percentile: number): number {
  const sorted = Float32Array.from(values).sort();
  const sums = new Float32Array(sorted.length);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    total = Math.fround(total + sorted[i]!);
    sums[i] = total;
  }
  const target = total * 0.01 * percentile;
  for (let i = 0; i < sums.length; i++) {
    if (sums[i]! >= target) return sorted[i]!;
  }
  return sorted[sorted.length - 1]!; // unreachable for finite non-negative values
}

// Keeps the values of the chosen sign, in place. "negative" keeps |v| of the
// negative values: Captum's (v<0)*v divided by a negative threshold is the same.
function selectSign(values: Float32Array, sign: Sign): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (sign === "positive") values[i] = v > 0 ? v : 0;
    else if (sign === "negative") values[i] = v < 0 ? -v : 0;
    else if (sign === "absolute_value") values[i] = Math.abs(v);
  }
}

// Captum's `_normalize_scale`. A zero threshold (all-zero map, or
// outlierPerc 100) fails Captum's assert; here it yields the limit of
// clip(v / t) as t → 0+: -1, 0 or 1 by the sign of each value.
function scaleAndClip(values: Float32Array, threshold: number): Float32Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const scaled = threshold === 0 ? Math.sign(v) : Math.fround(v / threshold);
    values[i] = scaled > 1 ? 1 : scaled < -1 ? -1 : scaled;
  }
  return values;
}

function checkFinite(values: Float32Array): void {
  const index = values.findIndex((v) => !Number.isFinite(v));
  if (index >= 0) {
    throw new OcclusionError(
      "VIS_NOT_FINITE",
      `attr: expected finite values, found ${values[index]} at (channel-summed) element ${index}`,
    );
  }
}

/** Throws VIS_SIGN unless `sign` is one of `SIGNS`. */
export function checkSign(sign: unknown): asserts sign is Sign {
  if (!SIGNS.includes(sign as Sign)) {
    throw new OcclusionError("VIS_SIGN", `sign: expected one of ${SIGNS.join(", ")}, received ${describe(sign)}`);
  }
}

/** Throws VIS_OUTLIER_PERC unless 0 ≤ outlierPerc ≤ 100 (Captum asserts the same). */
export function checkOutlierPerc(outlierPerc: unknown): asserts outlierPerc is number {
  if (typeof outlierPerc !== "number" || !(outlierPerc >= 0 && outlierPerc <= 100)) {
    throw new OcclusionError(
      "VIS_OUTLIER_PERC",
      `outlierPerc: expected a number in [0, 100], received ${describe(outlierPerc)}`,
    );
  }
}
