// npm test's browser demo step: serves the repository on 127.0.0.1, opens
// examples/browser/index.html in headless Chromium, runs the demo through its controls
// and checks what it shows against Node (tests/browser-demo/node-reference.ts): the
// prediction, and the heat map and overlay canvases pixel by pixel. Saves screenshots
// to test-output/browser-demo.png (finished) and browser-demo-partial.png (mid-run). Ends with "browser-demo: N passed, N failed";
// without Chromium the step is skipped, or fails under CI=true.
// Run: node --import tsx tests/browser-demo/run.mjs (after npm run build).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT } from "../../scripts/runtimes/bins.mjs";
import { browserChecks } from "../../scripts/runtimes/browser-checks.mjs";
import { launchChromium } from "../../scripts/runtimes/chromium.mjs";
import { startStaticServer } from "../../scripts/runtimes/static-server.mjs";
import { nodeReference, softmax } from "./node-reference.ts";
import { runDemo } from "./page.mjs";

// Both sides run the same float32 model through different onnxruntime-web builds
// (browser ESM vs Node); allow a rounding step per channel, and report the real maximum.
const PIXEL_TOLERANCE = 1;
const PROBABILITY_TOLERANCE = 1e-4;
const SCREENSHOT = path.join(ROOT, "test-output/browser-demo.png");
const PREVIEW_SCREENSHOT = path.join(ROOT, "test-output/browser-demo-partial.png");
const CASES = [
  { sample: "9-ankle-boot.png", window: 5, stride: 3, method: "blended_heat_map", sign: "all" },
  { sample: "2-pullover.png", window: 6, stride: 4, method: "masked_image", sign: "positive" },
];

const { check, run } = browserChecks("browser-demo");
await run("dist/index.mjs", runAll);

async function runAll(executablePath) {
  const labels = JSON.parse(await readFile(path.join(ROOT, "examples/fashion-mnist/samples/labels.json"), "utf8"));
  const server = await startStaticServer(ROOT);
  const browser = await launchChromium(executablePath);
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1180, height: 640 });
    page.on("pageerror", (error) => console.log(`# [pageerror] ${error.message}`));
    page.on("console", (message) => message.type() === "error" && console.log(`# [console error] ${message.text()}`));
    await page.goto(`${server.origin}/examples/browser/index.html`);
    for (const [index, settings] of CASES.entries()) {
      const shown = await runDemo(page, settings, index === 0 ? { previewScreenshot: PREVIEW_SCREENSHOT } : {});
      if (index === 0) await page.screenshot({ path: SCREENSHOT, fullPage: true });
      await checkCase(settings, shown, labels.find((s) => s.file === settings.sample), index === 0);
    }
    console.log(`# screenshots: ${path.relative(ROOT, SCREENSHOT)}, mid-run ${path.relative(ROOT, PREVIEW_SCREENSHOT)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function checkCase(settings, shown, label, checkPreview) {
  const name = `${settings.sample}, window ${settings.window}, stride ${settings.stride}, ${settings.method}, sign ${settings.sign}`;
  console.log(`# ${name}`);
  const expected = await nodeReference({ ...settings, perturbationsPerEval: shown.reported.perturbationsPerEval });

  check(shown.predicted === label.predicted && shown.headline.startsWith(label.predictedClassName),
    "the page predicts the class labels.json records", `page: ${shown.headline}; labels.json: ${label.predictedClassName}`);
  const probabilityError = maxDifference(shown.probabilities, softmax(label.logits));
  check(probabilityError <= PROBABILITY_TOLERANCE, "class probabilities are the softmax of labels.json's logits",
    `max difference ${probabilityError.toExponential(2)}`);
  comparePixels("heat map canvas", shown.heatMap, expected.heatMap);
  comparePixels(`${settings.method} canvas`, shown.overlay, expected.overlay);
  if (checkPreview) {
    const differs = shown.preview !== null && maxDifference(shown.preview, shown.heatMap) > 0;
    check(shown.partialFrames > 1 && differs, "the heat map was drawn progressively before the final map",
      `${shown.partialFrames} preview frames; a preview ${shown.preview ? (differs ? "differs from" : "equals") : "was not caught before"} the final map`);
  }
}

function comparePixels(what, actual, expected) {
  if (actual.length !== expected.length) return check(false, `${what} matches Node`, `${actual.length} bytes, Node ${expected.length}`);
  const max = maxDifference(actual, expected);
  const differing = Array.from(actual).filter((value, i) => value !== expected[i]).length;
  check(max <= PIXEL_TOLERANCE, `${what} matches Node's visualizeImageAttr`,
    `max channel difference ${max}, ${differing} of ${actual.length} bytes differ`);
}

function maxDifference(a, b) {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
