// init() tells which kernel build it loaded, whichever way the kernel was given.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { OcclusionError, init } from "../src/index.ts";

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

test.after(async () => {
  await init({ simd: true });
});

test.run();
