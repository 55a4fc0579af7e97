// init() tells which kernel build it loaded, whichever way the kernel was given.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { Occlusion, OcclusionError, init } from "../src/index.ts";
import { acquireKernel, kernelStats, releaseKernel, type KernelExports } from "../src/wasm/kernel.ts";

const bytes = (name: string) => readFileSync(new URL(`../build/${name}`, import.meta.url));

test("init({ simd: false }) loads the scalar build", async () => {
  assert.equal(await init({ simd: false }), { simd: false });
});

test("init() with a SIMD-capable engine loads the SIMD build", async () => {
  assert.equal(await init({ simd: true }), { simd: true });
});

test("init({ module }) reports the build of the module it was given", async () => {
  assert.equal(await init({ module: new WebAssembly.Module(bytes("kernel.scalar.wasm")) }), { simd: false });
  assert.equal(await init({ module: new WebAssembly.Module(bytes("kernel.simd.wasm")) }), { simd: true });
});

test("init({ wasm: bytes }) reports the build of the bytes it was given", async () => {
  assert.equal(await init({ wasm: bytes("kernel.scalar.wasm") }), { simd: false });
});

test("an engine without SIMD (validate says no) gets the scalar build", async () => {
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    assert.equal(await init({ simd: true }), { simd: false });
  } finally {
    WebAssembly.validate = validate;
  }
});

test("init({ module }) with a module that is not the kernel rejects with KERNEL_LOAD", async () => {
  const empty = new WebAssembly.Module(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0));
  const error = await init({ module: empty }).then(() => null, (caught: unknown) => caught);
  assert.instance(error, OcclusionError);
  assert.is((error as OcclusionError).code, "KERNEL_LOAD");
});

test("a run that began before init() loaded another build does not give its instance to later runs", async () => {
  await init({ simd: true });
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const sums = (x: { data: Float32Array; shape: number[] }) => {
    const rows = x.shape[0];
    const per = x.data.length / rows;
    const out = new Float32Array(rows);
    for (let i = 0; i < x.data.length; i++) out[Math.floor(i / per)] += x.data[i] * (i % per);
    return { data: out, shape: [rows] };
  };
  const slow = async (x: { data: Float32Array; shape: number[] }) => {
    if (++calls === 2) await gate; // the first perturbed call waits while init() swaps the module
    return sums(x);
  };
  const input = { data: Float32Array.from({ length: 8 }, (_, i) => i), shape: [1, 8] };
  const pending = new Occlusion(slow).attribute(input, { slidingWindowShapes: [2], strides: [2] });
  while (calls < 2) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.equal(await init({ simd: false }), { simd: false });
  release();
  const result = await pending;
  const expected = new Occlusion(sums).attributeSync(input, { slidingWindowShapes: [2], strides: [2] });
  assert.equal(Array.from(result.data), Array.from(expected.data), "the run itself finishes on the instance it began with");
  assert.is(kernelStats().inUse, 0);
  const taken: KernelExports[] = [];
  for (let count = kernelStats().idle; count > 0; count--) taken.push(acquireKernel());
  assert.ok(taken.length >= 1);
  assert.equal(taken.map((kernel) => kernel.usesSimd()), taken.map(() => 0), "every idle instance is of the scalar build init() loaded");
  taken.forEach((kernel) => releaseKernel(kernel));
});

test.after(async () => {
  await init({ simd: true });
});

test.run();
