// Headless Chromium (Debian's package) driven by playwright-core: bundles the "with a
// bundler" page's script (esbuild), serves the repository on 127.0.0.1, opens each page of
// tests/runtimes/browser (module script, classic script, bundled app, Web Workers, the pool), waits
// for window.__result and prints its lines. No network beyond loopback.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { ROOT } from "./bins.mjs";
import { startStaticServer } from "./static-server.mjs";

const PAGES = ["module.html", "classic.html", "bundled.html", "workers.html", "pool.html"];
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  // No DNS at all; the test server is an IP literal.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

// What an app's bundler does with the package for a browser target.
function bundleApp() {
  return build({
    entryPoints: [path.join(ROOT, "tests/runtimes/browser/bundled-entry.mjs")],
    outfile: path.join(ROOT, "test-output/browser-bundle.mjs"),
    bundle: true, format: "esm", platform: "browser", minify: true, logLevel: "warning",
  });
}

export async function runChromium(executablePath) {
  await bundleApp();
  const server = await startStaticServer(ROOT);
  const counts = { passed: 0, failed: 0 };
  let browser;
  try {
    browser = await launchChromium(executablePath);
    const { context } = browser;
    console.log(`# chromium ${context.browser()?.version() ?? ""}`);
    for (const name of PAGES) {
      const result = await runPage(context, `${server.origin}/tests/runtimes/browser/${name}`);
      console.log(result.lines.join("\n").replace(/^(\S+): (\d+ passed, \d+ failed)$/gm, "# suite $1: $2"));
      counts.passed += result.passed;
      counts.failed += result.failed;
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  return counts;
}

/** Headless Chromium with the flags above, in a fresh profile that close() removes. */
export async function launchChromium(executablePath) {
  // Playwright refuses --user-data-dir in args; a persistent context takes a fresh one.
  const userDataDir = await mkdtemp(path.join(tmpdir(), "occlusion-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: FLAGS, timeout: 60_000 });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

async function runPage(context, url) {
  const page = await context.newPage();
  const consoleLines = [];
  page.on("console", (message) => consoleLines.push(`# [console ${message.type()}] ${message.text()}`));
  page.on("pageerror", (error) => consoleLines.push(`# [pageerror] ${error.message}`));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
    return await page.evaluate(() => window.__result);
  } catch (error) {
    return { passed: 0, failed: 1, lines: [`not ok - ${url}: no result (${error.message})`, ...consoleLines] };
  } finally {
    await page.close();
  }
}
