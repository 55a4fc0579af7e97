// The yields' cost where it matters most: in a browser, setTimeout(0) is clamped to 4 ms
// once timers nest, so yielding with it every 20 ms cost about a fifth of a run
// (src/engine/macrotask.ts yields with a message instead). The measurements of yields.ts,
// bundled with the library (esbuild) and run in Debian's headless Chromium.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "../scripts/runtimes/bins.mjs";
import { launchChromium } from "../scripts/runtimes/chromium.mjs";
import { formatYields, type measureYields } from "./yields.ts";

type Measured = Awaited<ReturnType<typeof measureYields>>;

export async function browserYieldLines(): Promise<string> {
  const executable = chromium();
  if (!executable) return "yields in Chromium: skipped (no chromium binary: apt-get install -y chromium)";
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./yields-page.ts", import.meta.url))],
    bundle: true, write: false, format: "iife", platform: "browser", logLevel: "warning",
  });
  const { context, close } = await launchChromium(executable);
  try {
    const page = await context.newPage();
    await page.goto("about:blank");
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const measured = await page.evaluate(() => (globalThis as unknown as { measureYields(): Promise<Measured> }).measureYields());
    return formatYields("Chromium", measured);
  } finally {
    await close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await browserYieldLines());
