// Runs the runtime suite (test-output/runtime-suite.mjs, over the built dist/) in one
// runtime: `node scripts/runtimes/run.mjs <node-esm|node-cjs|deno|bun-esm|bun-cjs|workerd|chromium>`.
// Prints the suite's lines and closes with "<runtime>: N passed, N failed". A runtime
// whose binary is missing is reported as skipped, except under CI=true, where it fails:
// CI must prove every runtime, not quietly test fewer.
import { spawn } from "node:child_process";
import path from "node:path";
import * as bins from "./bins.mjs";
import { runWorkerd } from "./workerd.mjs";
import { runChromium } from "./chromium.mjs";

const { ROOT } = bins;
const at = (file) => path.join(ROOT, file);
// No telemetry, update checks or prompts: the runs must not touch the network.
const DENO_ENV = { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", DENO_DIR: at("test-output/deno-cache"), NO_COLOR: "1" };
const BUN_ENV = { DO_NOT_TRACK: "1", BUN_INSTALL_CACHE_DIR: at("test-output/bun-cache"), NO_COLOR: "1" };

const denoArgs = ["run", "--no-remote", "--no-npm", "--no-config", "--no-lock",
  `--allow-read=${at("dist")},${at("test-output")}`, at("tests/runtimes/deno.mjs")];

const RUNTIMES = {
  "node-esm": { binary: () => process.execPath, args: [at("tests/runtimes/node-esm.mjs")] },
  "node-cjs": { binary: () => process.execPath, args: [at("tests/runtimes/node-cjs.cjs")] },
  deno: { binary: bins.deno, args: denoArgs, env: DENO_ENV, install: "npm ci (the deno package)" },
  "bun-esm": { binary: bins.bun, args: ["--no-install", at("tests/runtimes/node-esm.mjs")], env: BUN_ENV, install: "npm ci (the bun package)" },
  "bun-cjs": { binary: bins.bun, args: ["--no-install", at("tests/runtimes/node-cjs.cjs")], env: BUN_ENV, install: "npm ci (the bun package)" },
  workerd: { binary: bins.workerd, run: runWorkerd, install: "npm ci (the workerd package)" },
  chromium: { binary: bins.chromium, run: runChromium, install: "apt-get install -y chromium" },
};

const name = process.argv[2];
const runtime = RUNTIMES[name];
if (!runtime) {
  console.log(`unknown runtime "${name}"; one of ${Object.keys(RUNTIMES).join(", ")}`);
  process.exit(2);
}

const started = performance.now();
const binary = runtime.binary();
let counts;
if (!binary) {
  const ci = process.env.CI === "true";
  console.log(`# ${name}: binary not found (${runtime.install} provides it)${ci ? "; CI=true requires every runtime" : "; skipped"}`);
  counts = ci ? { passed: 0, failed: 1 } : { passed: 0, failed: 0, skipped: 1 };
} else if (runtime.run) {
  counts = await runtime.run(binary).catch((error) => {
    console.log(`not ok - ${name} harness crashed: ${error.stack}`);
    return { passed: 0, failed: 1 };
  });
} else {
  counts = await runChild(binary, runtime.args, runtime.env);
}
console.log(`# ${name}: ${Math.round(performance.now() - started)} ms`);
const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
process.exitCode = counts.failed === 0 ? 0 : 1;

/** Runs one suite process; its own closing line gives the counts, a bad exit adds a failure. */
function runChild(binary, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      // Re-label the suite's closing line so only this script's line is the step's summary.
      process.stdout.write(output.replace(/^(\S+): (\d+ passed, \d+ failed)$/m, "# suite $1: $2"));
      const summary = [...output.matchAll(/^\S+: (\d+) passed, (\d+) failed$/gm)].pop();
      const passed = summary ? Number(summary[1]) : 0;
      const failed = summary ? Number(summary[2]) : 0;
      const clean = code === 0 && summary && passed > 0;
      resolve({ passed, failed: clean || failed > 0 ? failed : 1 });
    });
  });
}
