// Captum's _normalize_attr / _cumulative_sum_threshold, checked against values
// worked out by hand in the comments (every sum and quotient is exact or
// compared after float32 rounding).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OcclusionError } from "../src/errors.ts";
import { cumulativeSumThreshold, normalizeAttr } from "../src/visualize/index.ts";

const f32 = (values: number[]) => Array.from(new Float32Array(values));
const map2x3 = (values: number[]) => ({ data: new Float32Array(values), shape: [2, 3] });
const throwsCode = (fn: () => unknown, code: string) =>
  assert.throws(fn, (error: unknown) => error instanceof OcclusionError && error.code === code);

// |attr| sorted: 0 1 2 3 4 10, running sums 0 1 3 6 10 20.
const ramp = map2x3([0, 1, 2, 3, 4, 10]);

test("threshold is the first value whose running sum reaches the percentile", () => {
  const values = new Float32Array([10, 3, 0, 4, 1, 2]);
  assert.is(cumulativeSumThreshold(values, 40), 4); // 40% of 20 = 8 -> running sum 10
  assert.is(cumulativeSumThreshold(values, 55), 10); // 11 -> running sum 20
  assert.is(cumulativeSumThreshold(values, 100), 10);
  assert.is(cumulativeSumThreshold(values, 0), 0); // 0 is reached at once
  assert.is(cumulativeSumThreshold(values, 5), 1); // 1 -> running sum 1
});

test("outlierPerc 0 scales by the largest magnitude", () => {
  assert.equal(Array.from(normalizeAttr(ramp, "absolute_value", 0)), f32([0, 0.1, 0.2, 0.3, 0.4, 1]));
});

test("outlierPerc 60 scales by the cumulative-sum threshold and clips the outliers to 1", () => {
  // target 40% of 20 = 8, first running sum >= 8 is 10 at value 4; 10 / 4 clips to 1
  assert.equal(Array.from(normalizeAttr(ramp, "absolute_value", 60)), [0, 0.25, 0.5, 0.75, 1, 1]);
});

test("outlierPerc defaults to 2 and sign to absolute_value", () => {
  // target 98% of 20 = 19.6 -> threshold 10, same as outlierPerc 0 here
  assert.equal(Array.from(normalizeAttr(ramp)), f32([0, 0.1, 0.2, 0.3, 0.4, 1]));
});

// Signed map: |v| sorted 0 1 1 2 4 8 (sum 16), running sums 0 1 2 4 8 16.
const signed = map2x3([-4, 2, 0, 1, -1, 8]);

test('sign "all" keeps signs and scales by the threshold of |attr|', () => {
  // outlierPerc 60: target 6.4 -> running sum 8 at value 4
  assert.equal(Array.from(normalizeAttr(signed, "all", 60)), [-1, 0.5, 0, 0.25, -0.25, 1]);
});

test('sign "positive" zeroes negative values before choosing the threshold', () => {
  // kept 0 2 0 1 0 8, sorted running sums 0 0 0 1 3 11; target 4.4 -> value 8
  assert.equal(Array.from(normalizeAttr(signed, "positive", 60)), [0, 0.25, 0, 0.125, 0, 1]);
});

test('sign "negative" shows the size of negative values in [0, 1]', () => {
  // kept |-4| and |-1|: running sums 0 0 0 0 1 5; target 2 -> value 4
  assert.equal(Array.from(normalizeAttr(signed, "negative", 60)), [1, 0, 0, 0, 0.25, 0]);
});

test('sign "absolute_value" scales |attr| by its threshold', () => {
  assert.equal(Array.from(normalizeAttr(signed, "absolute_value", 60)), [1, 0.5, 0, 0.25, 0.25, 1]);
});

test("channels are summed per pixel before normalising", () => {
  // [C=3, H=1, W=2]: pixel 0 = 1 + 2 + 3 = 6, pixel 1 = -1 + -1 + 0 = -2
  const chw = { data: new Float32Array([1, -1, 2, -1, 3, 0]), shape: [3, 1, 2] };
  assert.equal(Array.from(normalizeAttr(chw, "all", 0)), f32([1, -2 / 6]));
  const hwc = { data: new Float32Array([1, 2, 3, -1, -1, 0]), shape: [1, 2, 3] };
  assert.equal(Array.from(normalizeAttr(hwc, "all", 0, true, { layout: "hwc" })), f32([1, -2 / 6]));
});

test("reduceChannels false normalises every element (Captum's reduction_axis=None)", () => {
  const chw = { data: new Float32Array([1, -1, 2, -1, 3, 0]), shape: [3, 1, 2] };
  assert.equal(Array.from(normalizeAttr(chw, "all", 0, false)), f32([1 / 3, -1 / 3, 2 / 3, -1 / 3, 1, 0]));
});

test("an all-zero map gives zeros and a warning, not NaN", () => {
  const warnings: string[] = [];
  const norm = normalizeAttr(map2x3([0, 0, 0, 0, 0, 0]), "all", 2, true, { onWarning: (m) => warnings.push(m) });
  assert.equal(Array.from(norm), [0, 0, 0, 0, 0, 0]);
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, /approximately 0/);
});

test("a zero threshold from outlierPerc 100 saturates every non-zero value", () => {
  let warned = 0;
  const norm = normalizeAttr(signed, "all", 100, true, { onWarning: () => warned++ });
  assert.equal(Array.from(norm), [-1, 1, 0, 1, -1, 1]);
  assert.is(warned, 1);
});

test("a tiny but non-zero scale warns and still divides", () => {
  let warned = 0;
  const norm = normalizeAttr(map2x3([0, 1e-7, 0, 0, 0, 2e-7]), "absolute_value", 0, true, { onWarning: () => warned++ });
  assert.is(warned, 1);
  assert.equal(Array.from(norm), f32([0, 0.5, 0, 0, 0, 1]));
});

test("no warning for an ordinary map", () => {
  let warned = 0;
  normalizeAttr(ramp, "all", 2, true, { onWarning: () => warned++ });
  assert.is(warned, 0);
});

test("rejects non-finite attributions, bad outlierPerc and unknown signs", () => {
  throwsCode(() => normalizeAttr(map2x3([0, 1, NaN, 3, 4, 5])), "VIS_NOT_FINITE");
  throwsCode(() => normalizeAttr(map2x3([0, 1, Infinity, 3, 4, 5])), "VIS_NOT_FINITE");
  for (const bad of [-1, 101, NaN]) throwsCode(() => normalizeAttr(ramp, "all", bad), "VIS_OUTLIER_PERC");
  throwsCode(() => normalizeAttr(ramp, "abs" as never), "VIS_SIGN");
});

test.run();
