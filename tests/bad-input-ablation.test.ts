// Invalid FeatureAblation and integer-input calls: each breaks one thing in a valid call
// and must be rejected with a specific OcclusionError code and a message naming the
// argument, before forward is called (except where only forward's output shows it);
// the same method instance then still gives the right result (nothing corrupted).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, init } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { rejectsWith, untilReleased } from "./support/bad-calls.ts";

const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
const ids = { data: BigInt64Array.from([5n, 6n, 7n, 1n, 2n, 3n]), shape: [2, 3] };
const ids32 = { data: Int32Array.from([5, 6, 7, 1, 2, 3]), shape: [2, 3] };
const mask = (data: ArrayLike<number>, shape: number[]) => ({ data: BigInt64Array.from(Array.from(data), BigInt), shape });

let calls = 0;
const sum = (...args: unknown[]) => {
  calls++;
  const t = args[0] as { data: ArrayLike<number | bigint>; shape: number[] };
  const rows = t.shape[0];
  const n = t.data.length / rows;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) out[r] += Number(t.data[r * n + i]) * (i + 1);
  return { data: out, shape: [rows] };
};

interface Case { name: string; code: string; names: RegExp; run: () => unknown; afterForward?: boolean }

const fa = () => new FeatureAblation(sum);
const CASES: Case[] = [
  { name: "a fractional mask id", code: "INVALID_FEATURE_MASK", names: /featureMask.*integer/, run: () => fa().attribute(x, { featureMask: { data: Float32Array.from([0, 0.5, 1]), shape: [1, 3] } }) },
  { name: "a negative mask id", code: "INVALID_FEATURE_MASK", names: /featureMask.*non-negative/, run: () => fa().attribute(x, { featureMask: mask([0, -1, 1], [1, 3]) }) },
  { name: "a mask id beyond 2^53", code: "INVALID_FEATURE_MASK", names: /2\^53/, run: () => fa().attribute(x, { featureMask: { data: BigInt64Array.from([0n, 2n ** 60n, 1n]), shape: [1, 3] } }) },
  { name: "a mask that is not a tensor-like", code: "INVALID_FEATURE_MASK", names: /featureMask/, run: () => fa().attribute(x, { featureMask: [0, 1, 2] as never }) },
  { name: "a mask that does not broadcast", code: "FEATURE_MASK_SHAPE", names: /featureMask.*\[1, 2\].*\[2, 3\]/, run: () => fa().attribute(x, { featureMask: mask([0, 1], [1, 2]) }) },
  { name: "a mask of higher rank", code: "FEATURE_MASK_SHAPE", names: /featureMask/, run: () => fa().attribute(x, { featureMask: mask([0, 1, 2], [1, 1, 3]) }) },
  { name: "one mask for two inputs", code: "FEATURE_MASK_COUNT", names: /featureMask.*one mask per input/, run: () => fa().attribute([x, x], { featureMask: mask([0, 1, 2], [1, 3]), baselines: [0, 0] }) },
  { name: "a mask per input missing", code: "FEATURE_MASK_COUNT", names: /featureMask gives 1 mask/, run: () => fa().attribute([x, x], { featureMask: [mask([0, 1, 2], [1, 3])], baselines: [0, 0] }) },
  { name: "a per-example mask with a vector output and no target", code: "FEATURE_MASK_PER_EXAMPLE", names: /per-example featureMask/, afterForward: true,
    run: () => new FeatureAblation((t: unknown) => ({ data: new Float32Array((t as { shape: number[] }).shape[0] * 2), shape: [(t as { shape: number[] }).shape[0], 2] })).attribute(x, { featureMask: mask([0, 1, 1, 0, 0, 1], [2, 3]) }) },
  { name: "a fractional baseline for int64 ids", code: "INVALID_BASELINE", names: /baselines.*integer.*int64/, run: () => new Occlusion(sum).attribute(ids, { slidingWindowShapes: [1], baselines: 0.5 }) },
  { name: "an int32 baseline out of range", code: "INVALID_BASELINE", names: /baselines.*int32 range/, run: () => new Occlusion(sum).attribute(ids32, { slidingWindowShapes: [1], baselines: 2 ** 31 }) },
  { name: "an int64 bigint baseline out of range", code: "INVALID_BASELINE", names: /int64 range/, run: () => fa().attribute(ids, { baselines: 2n ** 63n as never }) },
  { name: "a float tensor baseline with a fraction for int ids", code: "INVALID_BASELINE", names: /baselines.*element 1/, run: () => fa().attribute(ids, { baselines: { data: Float32Array.from([0, 1.5, 2]), shape: [1, 3] } }) },
  { name: "a bigint target beyond 2^53", code: "INVALID_TARGET", names: /target/, run: () => new Occlusion(sum).attribute(ids, { slidingWindowShapes: [1], target: { data: BigInt64Array.from([2n ** 53n + 1n]), shape: [1] } }) },
];

test.before(async () => {
  await init();
});

for (const c of CASES) {
  test(`${c.name}: ${c.code}`, async () => {
    calls = 0;
    await rejectsWith(c.run, c.code, c.names);
    if (!c.afterForward) assert.is(calls, 0, "rejected before forward");
    await untilReleased(() => kernelStats().inUse);
  });
}

test("after the rejections, the same calls with valid arguments give exact results", async () => {
  const result = await fa().attribute(ids, { featureMask: mask([0, 0, 1], [1, 3]), baselines: 1n as never });
  // f = sum (i + 1) x_i per row; group {0,1} -> baseline 1, group {2} -> 1.
  const expected = [5 + 12 - 3, 5 + 12 - 3, 21 - 3, 1 + 4 - 3, 1 + 4 - 3, 9 - 3];
  assert.equal(Array.from(result.data), expected);
});

test.run();
