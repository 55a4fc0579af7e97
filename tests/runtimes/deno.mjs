// Deno: the ESM build by path (run with --no-npm --no-remote); fetch() reads file: URLs here.
import * as lib from "../../dist/index.mjs";
import { runSuite } from "../../test-output/runtime-suite.mjs";

const url = (name) => new URL(`../../dist/${name}`, import.meta.url);
const scalarBytes = await Deno.readFile(url("kernel.scalar.wasm"));
const result = await runSuite(lib, {
  runtime: "deno",
  simdModule: await WebAssembly.compile(await Deno.readFile(url("kernel.simd.wasm"))),
  scalarModule: await WebAssembly.compile(scalarBytes),
  scalarBytes,
  scalarUrl: url("kernel.scalar.wasm"),
});
console.log(result.lines.join("\n"));
Deno.exit(result.failed === 0 && result.passed > 0 ? 0 : 1);
