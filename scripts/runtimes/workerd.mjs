// workerd: bundles the "workerd"-condition worker with esbuild (as wrangler does), serves
// tests/runtimes/workerd/config.capnp on free loopback ports, fetches each worker's suite
// result over HTTP, then stops workerd.
import { spawn } from "node:child_process";
import path from "node:path";
import { build } from "esbuild";
import { ROOT } from "./bins.mjs";
import { freePort } from "./free-port.mjs";

const WORKERS = ["entry", "module"];

async function bundleEntryWorker() {
  await build({
    entryPoints: [path.join(ROOT, "tests/runtimes/workerd/entry-worker.mjs")],
    outfile: path.join(ROOT, "test-output/workerd-entry.mjs"),
    bundle: true, format: "esm", platform: "neutral", logLevel: "warning",
    conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"],
    external: ["*.wasm"], // wrangler turns these into wasm modules
  });
}

async function fetchWhenUp(url, deadline, exited) {
  for (;;) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      if (performance.now() > deadline || exited.done) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100)); // not listening yet
    }
  }
}

/** Runs both workers; prints their lines and returns the summed counts. */
export async function runWorkerd(binary) {
  await bundleEntryWorker();
  const ports = {};
  for (const name of WORKERS) ports[name] = await freePort();
  const args = ["serve", path.join(ROOT, "tests/runtimes/workerd/config.capnp"),
    ...WORKERS.flatMap((name) => ["--socket-addr", `${name}=127.0.0.1:${ports[name]}`])];
  console.log(`# ${binary} ${args.join(" ")}`);
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = { done: false };
  const exit = new Promise((resolve) => child.on("exit", () => resolve((exited.done = true))));
  const counts = { passed: 0, failed: 0 };
  try {
    const deadline = performance.now() + 20_000;
    for (const name of WORKERS) {
      const response = await fetchWhenUp(`http://127.0.0.1:${ports[name]}/`, deadline, exited);
      const body = await response.text();
      let result;
      try {
        result = JSON.parse(body);
      } catch {
        result = { passed: 0, failed: 1, lines: [`not ok - workerd ${name} worker answered ${response.status}: ${body}`] };
      }
      console.log(result.lines.join("\n").replace(/^(\S+): (\d+ passed, \d+ failed)$/m, "# suite $1: $2"));
      counts.passed += result.passed;
      counts.failed += result.failed;
    }
  } finally {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exit;
    clearTimeout(timer);
    if (log.trim()) console.log(`# workerd output:\n${log.trim().replace(/^/gm, "# ")}`);
  }
  return counts;
}
