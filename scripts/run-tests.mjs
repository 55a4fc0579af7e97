// npm test's runner: type-checks, runs the kernel specs (as-pect) and the wrapper tests
// (uvu), streams their output, and ends with one line "N passed, N failed" over all
// of them. A step that crashes without reporting counts as one failure.
import { spawn } from "node:child_process";

const ANSI = /\u001b\[[0-9;]*m/g;
const number = (text, pattern) => Number((text.match(pattern) ?? [])[1] ?? NaN);

const steps = [
  {
    name: "typecheck (tsc, strict)",
    command: ["npx", "tsc", "-p", "."],
    count: (_output, code) => ({ passed: 0, failed: code === 0 ? 0 : 1 }),
  },
  {
    name: "kernel specs (as-pect)",
    command: ["npx", "asp", "--no-logo"],
    count: (output) => {
      const [, passed, total] = output.match(/\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/) ?? [];
      return { passed: Number(passed), failed: Number(total) - Number(passed) };
    },
  },
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
];

function run(step) {
  return new Promise((resolve) => {
    console.log(`\n── ${step.name}`);
    const child = spawn(step.command[0], step.command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const relay = (stream, sink) => stream.on("data", (chunk) => {
      output += chunk;
      sink.write(chunk);
    });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on("close", (code) => {
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
