// Constants shared across the wasm boundary agree on both sides, and both kernel builds
// (SIMD and scalar) export the same functions.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { GEOMETRY_FIELDS } from "../src/wasm/layout.ts";

const build = (name: string) => new WebAssembly.Module(readFileSync(new URL(`../build/${name}`, import.meta.url)));

test("the kernel's GEOMETRY_FIELDS equals the wrapper's", () => {
  const instance = new WebAssembly.Instance(build("kernel.simd.wasm"), {});
  assert.is((instance.exports.GEOMETRY_FIELDS as WebAssembly.Global).value, GEOMETRY_FIELDS);
});

test("the SIMD and scalar builds export the same interface", () => {
  const names = (module: WebAssembly.Module) => WebAssembly.Module.exports(module).map((entry) => entry.name).sort();
  assert.equal(names(build("kernel.scalar.wasm")), names(build("kernel.simd.wasm")));
});

test.run();
