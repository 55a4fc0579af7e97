// npm test's runner: type-checks, runs the kernel specs (as-pect) and the wrapper tests
// (uvu), builds the package (rollup) and checks its sizes and packaging, its types in
// consumers on every supported TypeScript, README's examples, the API reference and the
// docs' links, runs the runtime suite over the built package in every runtime, then the
// browser demo's test (examples/browser in Chromium) and the app's (app/ and app/text.html in Chromium).
// Streams their output and ends with one line
// "N passed, N failed" over all of them. A step that crashes without
// reporting counts as one failure.
import { spawn } from "node:child_process";

const ANSI = /\u001b\[[0-9;]*m/g;
const number = (text, pattern) => Number((text.match(pattern) ?? [])[1] ?? NaN);
const exitCode = (_output, code) => ({ passed: 0, failed: code === 0 ? 0 : 1 });

/** Counts from a step's closing line "<label>: N passed, N failed[, N skipped]". */
function closingLine(output) {
  const [, passed, failed, skipped] = [...output.matchAll(/^[^:\n]+: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)].pop() ?? [];
  return { passed: Number(passed), failed: Number(failed), skipped: Number(skipped ?? 0) };
}

/** One step per runtime: the suite over the built package (scripts/runtimes/run.mjs). */
const RUNTIMES = ["node-esm", "node-cjs", "deno", "bun-esm", "bun-cjs", "workerd", "chromium"];

const steps = [
  {
    name: "typecheck (tsc, strict)",
    command: ["npx", "tsc", "-p", "."],
    count: exitCode,
  },
  ...[["SIMD", "as-pect.asconfig.json"], ["scalar", "as-pect.scalar.asconfig.json"]].map(([build, asconfig]) => ({
    name: `kernel specs, ${build} build (as-pect)`,
    command: ["npx", "asp", "--no-logo", "-a", asconfig],
    count: (output) => {
      const [, passed, total] = output.match(/\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/) ?? [];
      return { passed: Number(passed), failed: Number(total) - Number(passed) };
    },
  })),
  {
    name: "wrapper tests (uvu)",
    command: ["node", "--import", "tsx", "node_modules/uvu/bin.js", "tests", "\\.test\\.ts$"],
    count: (output) => {
      const total = number(output, /Total:\s+(\d+)/);
      const passed = number(output, /Passed:\s+(\d+)/);
      const skipped = number(output, /Skipped:\s+(\d+)/) || 0;
      return { passed, failed: total - passed - skipped, skipped };
    },
  },
  { name: "build (rollup -c: dist/)", command: ["npx", "rollup", "--silent", "-c"], count: exitCode },
  {
    name: "bundle the runtime suite (test-output/runtime-suite.mjs)",
    command: ["npx", "rollup", "--silent", "-c", "tests/runtimes/rollup.suite.mjs"],
    count: exitCode,
  },
  { name: "size budgets", command: ["node", "scripts/check-sizes.mjs"], count: closingLine },
  { name: "package (npm pack, publint, attw)", command: ["node", "scripts/check-package.mjs"], count: closingLine },
  // These three use the consumer project check-package.mjs installed the tarball into.
  { name: "consumer types (TypeScript 5.0, 5.4, 5.9, 6.0; DOM, node, neither)", command: ["node", "scripts/check-types.mjs"], count: closingLine },
  { name: "README's examples in a new project", command: ["node", "scripts/check-readme-examples.mjs"], count: closingLine },
  { name: "API reference (typedoc: every export documented; docs/api up to date)", command: ["node", "scripts/check-api-docs.mjs"], count: closingLine },
  { name: "links in README and docs/", command: ["node", "scripts/check-links.mjs"], count: closingLine },
  ...RUNTIMES.map((runtime) => ({
    name: `runtime: ${runtime}`,
    command: ["node", "scripts/runtimes/run.mjs", runtime],
    count: closingLine,
  })),
  {
    // examples/browser in Chromium against the same run in Node; needs dist/ from the build step.
    name: "browser demo (examples/browser in Chromium vs Node)",
    command: ["node", "--import", "tsx", "tests/browser-demo/run.mjs"],
    count: closingLine,
  },
  {
    // app/ in Chromium through its file inputs, against the same run in Node; needs dist/.
    name: "app (app/ in Chromium vs Node: model, image, run, cancel, bad files)",
    command: ["node", "--import", "tsx", "tests/app/run.mjs"],
    count: closingLine,
  },
  {
    // app/text.html in Chromium: a typed sentence against explainText in Node; needs dist/.
    name: "text page (app/text.html in Chromium vs Node: sentence, label, method, cancel, bad input)",
    command: ["node", "--import", "tsx", "tests/app/text-page.mjs"],
    count: closingLine,
  },
];

function run(step) {
  return new Promise((resolve) => {
    console.log(`\n── ${step.name}`);
    const started = performance.now();
    const child = spawn(step.command[0], step.command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const relay = (stream, sink) => stream.on("data", (chunk) => {
      output += chunk;
      sink.write(chunk);
    });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on("close", (code) => {
      console.log(`── ${step.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const counts = step.count(output.replace(ANSI, ""), code);
      const valid = Number.isFinite(counts.passed) && Number.isFinite(counts.failed);
      if (!valid || (code !== 0 && counts.failed === 0)) resolve({ passed: valid ? counts.passed : 0, failed: 1, skipped: 0 });
      else resolve({ skipped: 0, ...counts });
    });
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const step of steps) {
  const counts = await run(step);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed === 0 ? 0 : 1);
