// init() loads the kernel and runs one tiny attribution of its own with each method
// (methods/init.ts), so the user's first call is not the first run of the engine. The warm-up must leave no
// trace a user could see: no call of their forward, no instance held, results unchanged.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { FeatureAblation, Occlusion, init } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { SIMD_PROBE } from "../src/wasm/source.ts";
import { assertIdleZero } from "./support/idle-zero.ts";

test("init() warms up on the instance it pools: one instance created, none in use, one idle", async () => {
  const before = kernelStats();
  await init({ simd: false }); // options: a new module, so a new warm-up
  const after = kernelStats();
  assert.is(after.created - before.created, 1, "the warm-up reuses the first instance instead of creating one");
  assert.is(after.inUse, 0);
  assert.is(after.idle, 1);
  assertIdleZero("after the warm-ups of both methods");
  await init({ simd: true });
});

test("init() never calls the user's forward, and a call right after it gives the same result as a later one", async () => {
  let calls = 0;
  const forward = (x: { data: Float32Array; shape: number[] }) => {
    calls++;
    const out = new Float32Array(x.shape[0]);
    for (let row = 0; row < out.length; row++) out[row] = x.data[row * 16 + 5] * 2 - x.data[row * 16 + 10];
    return out;
  };
  const occlusion = new Occlusion(forward);
  await occlusion.init();
  await init();
  assert.is(calls, 0);
  const input = { data: Float32Array.from({ length: 16 }, (_, index) => Math.sin(index)), shape: [1, 4, 4] };
  const options = { slidingWindowShapes: [2, 2], strides: [1, 1], perturbationsPerEval: 3 };
  const first = await occlusion.attribute(input, options);
  const second = await occlusion.attribute(input, options);
  assert.ok(calls > 0);
  assert.equal(Array.from(first.data), Array.from(second.data));
  assert.ok(first.data.some((value) => value !== 0), "a result to compare");
});

test("a FeatureAblation call right after init() gives the same result as a later one, and never reached the warm-up", async () => {
  let calls = 0;
  const forward = (x: { data: Float32Array; shape: number[] }) => {
    calls++;
    const out = new Float32Array(x.shape[0]);
    for (let row = 0; row < out.length; row++) out[row] = x.data[row * 16 + 5] * 3 + x.data[row * 16 + 12];
    return out;
  };
  await init({ simd: false });
  await init({ simd: true });
  assert.is(calls, 0);
  const method = new FeatureAblation(forward);
  const input = { data: Float32Array.from({ length: 16 }, (_, index) => Math.cos(index)), shape: [1, 16] };
  const options = { featureMask: { data: Int32Array.from({ length: 16 }, (_, index) => index >> 2), shape: [1, 16] }, perturbationsPerEval: 2 };
  const first = await method.attribute(input, options);
  const second = await method.attribute(input, options);
  assert.ok(calls > 0);
  assert.equal(Array.from(first.data), Array.from(second.data));
  assert.ok(first.data.some((value) => value !== 0), "a result to compare");
});

test("the SIMD probe validates exactly when the SIMD kernel does", () => {
  const kernel = readFileSync(new URL("../build/kernel.simd.wasm", import.meta.url));
  assert.is(WebAssembly.validate(SIMD_PROBE), WebAssembly.validate(kernel));
  // Its function returns a v128: with an i32 result instead the body no longer validates,
  // so the probe does depend on the v128 type.
  const i32Result = SIMD_PROBE.slice();
  i32Result[14] = 0x7f;
  assert.is(WebAssembly.validate(i32Result), false);
});

test.run();
