// Node and Bun, ESM: the package by its own name (self-reference through "exports" -> "import").
import * as lib from "occlusion-wasm";
import { readFile } from "node:fs/promises";
import { runSuite } from "../../test-output/runtime-suite.mjs";

const kernel = (name) => readFile(new URL(`../../dist/${name}`, import.meta.url));
const scalarBytes = await kernel("kernel.scalar.wasm");
const result = await runSuite(lib, {
  runtime: globalThis.Bun ? "bun-esm" : "node-esm",
  simdModule: await WebAssembly.compile(await kernel("kernel.simd.wasm")),
  scalarModule: await WebAssembly.compile(scalarBytes),
  scalarBytes,
  // Node 20's fetch() refuses file: URLs; Bun's reads them.
  scalarUrl: globalThis.Bun ? new URL("../../dist/kernel.scalar.wasm", import.meta.url) : undefined,
});
console.log(result.lines.join("\n"));
process.exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1;
