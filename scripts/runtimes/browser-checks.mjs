// The frame of a Chromium test harness (tests/app/run.mjs, tests/browser-demo/run.mjs):
// "ok / not ok" lines, Debian's Chromium found (missing: skipped, or failed under
// CI=true), the build the page needs checked, and the closing "<label>: N passed, N failed".
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium as findChromium, ROOT } from "./bins.mjs";

export function browserChecks(label) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const check = (ok, text, detail = "") => {
    counts[ok ? "passed" : "failed"]++;
    console.log(`${ok ? "ok" : "not ok"} - ${text}${detail ? ` (${detail})` : ""}`);
  };
  /** Runs `runAll(executablePath)` when Chromium and `built` (a dist/ file) are there, then prints the closing line. */
  const run = async (built, runAll) => {
    const executable = findChromium();
    if (!executable) {
      const ci = process.env.CI === "true";
      console.log(`# chromium not found (apt-get install -y chromium)${ci ? "; CI=true requires it" : "; skipped"}`);
      counts[ci ? "failed" : "skipped"]++;
    } else if (!existsSync(path.join(ROOT, built))) {
      check(false, `${built} exists (npm run build)`);
    } else {
      await runAll(executable).catch((error) => check(false, `harness crashed: ${error.stack}`));
    }
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
    console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
    process.exitCode = counts.failed === 0 ? 0 : 1;
  };
  return { check, run };
}
