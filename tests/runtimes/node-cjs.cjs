// Node and Bun, CommonJS: require() the package by its own name ("exports" -> "require").
const lib = require("occlusion-wasm");
const { readFileSync } = require("node:fs");
const path = require("node:path");

(async () => {
  const { runSuite } = await import("../../test-output/runtime-suite.mjs"); // the suite is ESM
  const scalarBytes = readFileSync(path.join(__dirname, "../../dist/kernel.scalar.wasm"));
  const result = await runSuite(lib, { runtime: globalThis.Bun ? "bun-cjs" : "node-cjs", scalarBytes });
  console.log(result.lines.join("\n"));
  process.exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1;
})();
