// docs/long-runs.md's worked example, for real: a page (tests/browser-resume) attributes
// with a slow model in headless Chromium, saving its partial to IndexedDB as it goes; the
// tab is closed mid-run; a new tab of the same origin resumes from IndexedDB, makes fewer
// forward calls than a fresh run, and gets the uninterrupted result's bits. Chromium is
// Debian's, as for the other browser tests; under CI=true a missing one fails.
import { existsSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { chromium as findChromium, ROOT } from "../scripts/runtimes/bins.mjs";
import { launchChromium } from "../scripts/runtimes/chromium.mjs";
import { startStaticServer } from "../scripts/runtimes/static-server.mjs";

const WINDOWS = 7 * 7; // 16x16, window 4, stride 2
const FRESH_CALLS = 1 + Math.ceil(WINDOWS / 2);

test("a tab closed mid-run resumes from IndexedDB in a new tab, with fewer calls and the same bits", async () => {
  const executable = findChromium();
  if (!executable || !existsSync(executable)) {
    if (process.env.CI === "true") throw new Error("Chromium is missing: .ci/run installs it");
    console.log("  (skipped: no Chromium)");
    return;
  }
  await build({
    entryPoints: [path.join(ROOT, "tests/browser-resume/page.ts")], outfile: path.join(ROOT, "test-output/browser-resume.mjs"),
    bundle: true, format: "esm", platform: "browser", logLevel: "warning",
  });
  const server = await startStaticServer(ROOT);
  const browser = await launchChromium(executable);
  try {
    const url = `${server.origin}/tests/browser-resume/index.html`;
    const status = (page: import("playwright-core").Page) => page.evaluate(() => (window as unknown as { __status?: string[] }).__status ?? []);
    const first = await browser.context.newPage();
    await first.goto(url);
    // The page's model stalls after 8 calls (7 batches of 2 windows) in a tab that found nothing saved.
    await first.waitForFunction(() => ((window as unknown as { __status?: string[] }).__status ?? []).includes("stored 14"));
    assert.equal((await status(first))[0], "saved 0");
    await first.close(); // the tab is closed in the middle of the run
    const second = await browser.context.newPage();
    await second.goto(url);
    await second.waitForFunction(() => ((window as unknown as { __status?: string[] }).__status ?? []).some((line) => line.startsWith("finished")), undefined, { timeout: 30_000 });
    const lines = await status(second);
    const saved = Number(lines[0].split(" ")[1]);
    const finished = lines.find((line) => line.startsWith("finished")) ?? "";
    const [, calls, same] = finished.match(/^finished calls (\d+) same (\w+)$/) ?? [];
    assert.ok(calls, `the page said ${JSON.stringify(lines)}`);
    console.log(`  closed tab had saved ${saved} of ${WINDOWS} windows; the new tab made ${calls} forward calls (a fresh run: ${FRESH_CALLS})`);
    assert.ok(saved >= 10 && saved < WINDOWS, `the new tab found ${saved} windows saved`);
    assert.is(Number(calls), 1 + Math.ceil((WINDOWS - saved) / 2), "the new tab evaluated only the windows not saved");
    assert.ok(Number(calls) < FRESH_CALLS);
    assert.is(same, "true", "the resumed result has the uninterrupted bits");
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
