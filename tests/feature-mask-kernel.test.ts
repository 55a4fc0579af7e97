// The kernel's side of FeatureAblation's masks (src/methods/mask-convert.ts): the mask's
// scratch counts against maxMemoryBytes, and the pooled instance it borrows goes back
// all zeros (it clears only as far as it wrote), after a good mask and after a bad one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, init } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { assertIdleZero } from "./support/idle-zero.ts";
import { rejectsWith } from "./support/bad-calls.ts";

const sum = (x: unknown) => {
  const t = x as { data: Float32Array; shape: number[] };
  const rows = t.shape[0];
  const n = t.data.length / rows;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) out[r] += t.data[r * n + i] * (i + 1);
  return { data: out, shape: [rows] };
};

const input = { data: Float32Array.from({ length: 4096 }, (_, i) => i % 5), shape: [1, 4096] };
const blocks = (length: number) => Int32Array.from({ length }, (_, i) => Math.floor(i / 64));

test.before(async () => {
  await init();
});

test("a mask whose scratch exceeds maxMemoryBytes: MEMORY_LIMIT naming the featureMask, no instance held", async () => {
  const error = await rejectsWith(() => new FeatureAblation(sum).attribute(input, { featureMask: { data: blocks(4096), shape: [1, 4096] }, maxMemoryBytes: 150_000 }),
    "MEMORY_LIMIT", /featureMask/);
  assert.match(error.message, /maxMemoryBytes/);
  assert.is(kernelStats().inUse, 0);
  // The same call with room for the scratch runs: every element of a block gets the block's drop.
  const result = new FeatureAblation(sum).attributeSync(input, { featureMask: { data: blocks(4096), shape: [1, 4096] }, maxMemoryBytes: 8 * 2 ** 20 });
  const drop = (block: number) => Array.from({ length: 64 }, (_, i) => input.data[64 * block + i] * (64 * block + i + 1)).reduce((a, b) => a + b, 0);
  assert.equal([result.data[0], result.data[63], result.data[64], result.data[4095]], [drop(0), drop(0), drop(1), drop(63)]);
});

test("the borrowed instance goes back all zeros, after a good mask and after a bad id", async () => {
  const method = new FeatureAblation(sum);
  method.attributeSync(input, { featureMask: { data: blocks(4096), shape: [1, 4096] } });
  assertIdleZero("after a run");
  const bad = BigInt64Array.from({ length: 4096 }, (_, i) => BigInt(i));
  bad[4095] = 2n ** 53n;
  await rejectsWith(() => method.attribute(input, { featureMask: { data: bad, shape: [1, 4096] } }), "INVALID_FEATURE_MASK", /element 4095 is 9007199254740992/);
  assert.is(kernelStats().inUse, 0);
  assertIdleZero("after a bad mask");
});

test("a mask of ids just below 2^53 gives the attributions of the same mask with small ids", () => {
  const method = new FeatureAblation(sum);
  const small = blocks(4096);
  const high = BigInt64Array.from(small, (id) => 2n ** 53n - 1n - BigInt(63 - id));
  const a = method.attributeSync(input, { featureMask: { data: small, shape: [1, 4096] } });
  const b = method.attributeSync(input, { featureMask: { data: high, shape: [1, 4096] } });
  assert.equal(Array.from(b.data), Array.from(a.data));
});

test("inputs, mask and baselines changed by the caller after attribute() is called change nothing", async () => {
  const options = () => ({ featureMask: { data: blocks(4096), shape: [1, 4096] }, baselines: { data: new Float32Array(4096).fill(1), shape: [1, 4096] } });
  const x = () => ({ data: input.data.slice(), shape: [1, 4096] });
  const clean = await new FeatureAblation(sum).attribute(x(), options());
  const changedInput = x();
  const changed = options();
  const pending = new FeatureAblation(sum).attribute(changedInput, changed);
  changedInput.data.fill(7);
  changed.featureMask.data.fill(0);
  changed.baselines.data.fill(-3);
  assert.equal(Array.from((await pending).data), Array.from(clean.data));
});

test.run();
