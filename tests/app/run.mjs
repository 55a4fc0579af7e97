// npm test's app step: serves app/ as `npm run app` does (cross-origin isolated), opens it
// in headless Chromium and uses it as a visitor would: the Fashion-MNIST model, its labels
// and a non-square colour PNG made here go in through the page's file inputs; a run with
// the defaults must equal the same run in Node (tests/app/node-reference.ts: attributions
// and the downloaded picture); the main thread must stay responsive (a timer firing every
// <= 100 ms, or, on a machine too busy for that, no page task of over 100 ms);
// cancel must stop a long run; a bad model file and a non-image must get clear messages.
// Screenshot: test-output/app.png. Ends with "app: N passed, N failed"; without Chromium
// the step is skipped, or fails under CI=true.
// Run: node --import tsx tests/app/run.mjs (after npm run build).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PNG } from "pngjs";
import { ROOT } from "../../scripts/runtimes/bins.mjs";
import { browserChecks } from "../../scripts/runtimes/browser-checks.mjs";
import { launchChromium } from "../../scripts/runtimes/chromium.mjs";
import { startAppServer } from "../../scripts/serve-app.mjs";
import { nodeReference } from "./node-reference.ts";

const OUT = path.join(ROOT, "test-output/app");
const SCREENSHOT = path.join(ROOT, "test-output/app.png");
const PARTIAL_SCREENSHOT = path.join(ROOT, "test-output/app-partial.png");
const MODEL = path.join(ROOT, "examples/fashion-mnist/model.onnx");
const LABELS = path.join(ROOT, "examples/fashion-mnist/model.json");
// An RGB model taking NHWC images of any size, labels and ImageNet preprocessing in its metadata.
const RGB_MODEL = path.join(ROOT, "tests/fixtures/app/rgb-nhwc.onnx");
const MAX_GAP_MS = 100;
// The page runs onnxruntime with threads, Node with one: float sums may round differently.
const RELATIVE_TOLERANCE = 1e-4;
const PIXEL_TOLERANCE = 1;

const { check, run } = browserChecks("app");
await run("dist/image.mjs", runAll);

/** A 45x30 colour picture: a gradient with a bright ellipse off centre (opaque, so browser and pngjs read the same bytes). */
async function writeColourPng(file) {
  const png = new PNG({ width: 45, height: 30 });
  for (let y = 0; y < 30; y++) for (let x = 0; x < 45; x++) {
    const inside = ((x - 26) / 10) ** 2 + ((y - 14) / 8) ** 2 < 1;
    png.data.set(inside ? [240, 200 - 3 * y, 40 + 4 * x] : [5 * x, 40, 8 * y], 4 * (y * 45 + x));
    png.data[4 * (y * 45 + x) + 3] = 255;
  }
  await writeFile(file, PNG.sync.write(png));
}

async function runAll(executablePath) {
  await mkdir(OUT, { recursive: true });
  const imageFile = path.join(OUT, "colour-45x30.png");
  await writeColourPng(imageFile);
  const server = await startAppServer();
  const browser = await launchChromium(executablePath);
  try {
    const context = browser.context;
    const page = await context.newPage();
    await page.setViewportSize({ width: 1180, height: 900 });
    page.on("pageerror", (error) => console.log(`# [pageerror] ${error.message}`));
    page.on("console", (message) => message.type() === "error" && console.log(`# [console error] ${message.text()}`));
    // Every request the page and its worker make, to check that nothing leaves this machine.
    const requests = [];
    context.on("request", (request) => requests.push(request.url()));
    await page.goto(`${server.origin}/`);
    await waitState(page, ["ready"]);
    check(await page.evaluate(() => crossOriginIsolated), "the app's server makes the page cross-origin isolated (threads for onnxruntime)",
      (await page.textContent("#model-info")).replace(/.*wasm, /, ""));

    await page.setInputFiles("#model-file", MODEL);
    await waitState(page, ["ready"]);
    await page.setInputFiles("#labels-file", LABELS);
    await page.setInputFiles("#image-file", imageFile);
    await page.waitForFunction(() => document.getElementById("image-info").textContent.startsWith("colour-45x30.png"));
    await waitState(page, ["ready"]);
    const changes = await page.$$eval("#image-changes li", (items) => items.map((item) => item.textContent));
    check(changes.some((c) => c.startsWith("cropped 45x30 to the centre 30x30")) && changes.some((c) => c.includes("grey")),
      "the page shows how the image was changed for the 28x28 grey model", changes.join("; "));

    // Scrolled to the button first: the timing is about the run, not about playwright scrolling the page.
    await page.locator("#run").scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    await startHeartbeat(page);
    await page.click("#run");
    await waitState(page, ["done"]);
    const gaps = await stopHeartbeat(page);
    check(gaps.responsive, `the main thread stays responsive during the run (a page timer fires every <= ${MAX_GAP_MS} ms, or no page task held it that long)`, gapText(gaps));
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`# screenshot: ${path.relative(ROOT, SCREENSHOT)}`);

    const report = JSON.parse(await readFile(await downloadOf(page, "#download-json"), "utf8"));
    const picture = PNG.sync.read(await readFile(await downloadOf(page, "#download-png")));
    const pre = report.preprocessing;
    check(pre.width === 28 && pre.height === 28 && pre.channels === 1 && pre.layout === "nchw" && pre.fit === "crop" && pre.normalization === "0-1",
      "defaults come from the model: 28x28, 1 channel, NCHW, centre crop, 0-1", JSON.stringify(pre));
    check(report.window === 4 && report.stride === 2 && report.perturbationsPerEval === 16 && report.baseline === 0,
      "occlusion defaults from the input size: window 4, stride 2, 16 per call, baseline 0", `window ${report.window}, stride ${report.stride}`);
    const expected = await nodeReference(imageFile, MODEL, report);
    const best = expected.scores.indexOf(Math.max(...expected.scores));
    const headline = await page.textContent("#top5 li:first-child");
    check(report.target === best && headline.includes(report.label), "the default target is Node's top-1 class, named by the labels file", `${best} ${report.label}`);
    const scale = Math.max(...expected.attribution.data.map(Math.abs));
    const worst = maxDifference(report.attribution.data, expected.attribution.data);
    check(report.attribution.data.length === expected.attribution.data.length && worst <= RELATIVE_TOLERANCE * scale,
      "the downloaded attributions equal the same run in Node", `max difference ${worst.toExponential(2)} of max |attr| ${scale.toPrecision(3)}`);
    const pixelWorst = picture.width === expected.picture.width ? maxDifference(picture.data, expected.picture.data) : Infinity;
    check(pixelWorst <= PIXEL_TOLERANCE, "the downloaded picture (input | heat map | blended) equals Node's visualizeImageAttr",
      `${picture.width}x${picture.height}, max channel difference ${pixelWorst}`);

    const long = await checkCancel(page);
    const longExpected = await nodeReference(imageFile, MODEL, long);
    const longWorst = maxDifference(long.attribution.data, longExpected.attribution.data);
    const longScale = Math.max(...longExpected.attribution.data.map(Math.abs));
    check(long.window === 1 && longWorst <= RELATIVE_TOLERANCE * longScale, "the long run that filled in coarse-to-fine also equals Node's (window 1, stride 1)",
      `max difference ${longWorst.toExponential(2)} of max |attr| ${longScale.toPrecision(3)}`);
    await checkBadFiles(page);
    await checkDropAndPaste(page, imageFile);
    await checkRgbModel(page, imageFile);
    const outside = requests.filter((url) => !url.startsWith(`${server.origin}/`) && !/^(blob|data):/.test(url));
    check(requests.length > 0 && outside.length === 0, "every request of the page and its worker went to the app's own server", `${requests.length} requests${outside.length ? `; outside: ${outside.join(", ")}` : ""}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A long run (window 1, 1 image per call): the page stays responsive, and cancel stops the worker. */
async function checkCancel(page) {
  await page.fill("#set-window", "1");
  await page.fill("#set-stride", "1");
  await page.fill("#set-ppe", "1");
  await page.locator("#set-ppe").blur();
  await startHeartbeat(page);
  // Start, and cancel once the worker reports a few calls (polled in the page: no round trip to the test).
  const total = await page.evaluate(async () => {
    const status = document.getElementById("status");
    document.getElementById("run").click();
    await new Promise((resolve) => {
      const poll = setInterval(() => Number(status.dataset.workerCalls) >= 5 && (clearInterval(poll), resolve()), 1);
    });
    document.getElementById("cancel").click();
    return document.getElementById("estimate").textContent.match(/(\d+) model calls/)[1];
  });
  await page.waitForTimeout(300);
  const stoppedAt = await page.getAttribute("#status", "data-worker-calls");
  await page.waitForTimeout(700);
  const after = await page.evaluate(() => ({ calls: document.getElementById("status").dataset.workerCalls, state: document.getElementById("status").dataset.state, text: document.getElementById("status").textContent }));
  const gaps = await stopHeartbeat(page);
  check(after.state === "cancelled" && after.calls === stoppedAt && Number(after.calls) < Number(total), "cancel stops a long run in the worker, and the page says cancelled",
    `the worker stopped after ${after.calls} of ${total} model calls; status: ${after.text}`);
  check(gaps.responsive, `the main thread stays responsive during the long run (timer every <= ${MAX_GAP_MS} ms, or no page task that long)`, gapText(gaps));
  // The page is usable again: the same long run, to the end, the map filling in (onPartial) on the way.
  await startHeartbeat(page);
  await page.click("#run");
  await waitState(page, ["done"]);
  const full = await stopHeartbeat(page);
  check(Number(await page.getAttribute("#status", "data-worker-calls")) === Number(total) && full.responsive,
    `after a cancel the page runs again to the end (${total} calls), the main thread responsive throughout`, gapText(full));
  const frames = Number(await page.getAttribute("#heatmap-canvas", "data-partial-frames"));
  const report = JSON.parse(await readFile(await downloadOf(page, "#download-json"), "utf8"));
  // Once more for a mid-run screenshot (taken apart from the timing above: a screenshot holds up the page).
  await page.click("#run");
  const caught = await page.waitForFunction(() => document.getElementById("heatmap-canvas").dataset.frame === "partial", null, { timeout: 30_000 })
    .then(() => page.screenshot({ path: PARTIAL_SCREENSHOT, fullPage: true })).then(() => true, () => false);
  await waitState(page, ["done"]);
  check(frames >= 2 && (await page.getAttribute("#heatmap-canvas", "data-frame")) === "final",
    "the heat map fills in during the run (partial frames from onPartial), then shows the final map", `${frames} partial frames; mid-run screenshot ${caught ? path.relative(ROOT, PARTIAL_SCREENSHOT) : "not caught this time"}`);
  return report;
}

async function checkBadFiles(page) {
  await page.setInputFiles("#model-file", { name: "broken.onnx", mimeType: "application/octet-stream", buffer: Buffer.from("this is not a model") });
  const model = await waitState(page, ["error"]);
  check(/broken\.onnx is not an ONNX model/.test(model), "a bad model file gets a clear message on the page", model);
  await page.setInputFiles("#image-file", { name: "notes.png", mimeType: "image/png", buffer: Buffer.from("hello, not pixels") });
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("notes.png"));
  const image = await page.textContent("#status");
  check(/notes\.png is not an image this browser can decode/.test(image), "a file that is not an image gets a clear message on the page", image);
}

/** After the errors above, an image dropped on the page, then one pasted, is opened and classified. */
async function checkDropAndPaste(page, imageFile) {
  const base64 = (await readFile(imageFile)).toString("base64");
  for (const [how, name] of [["drop", "dropped.png"], ["paste", "pasted.png"]]) {
    await page.evaluate(({ how, name, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: "image/png" }));
      if (how === "drop") document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      else document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true }));
    }, { how, name, base64 });
    await page.waitForFunction((name) => document.getElementById("image-info").textContent.startsWith(name), name, { timeout: 30_000 }).catch(() => {});
    const state = await waitState(page, ["ready", "error"]);
    const info = await page.textContent("#image-info");
    check(info.startsWith(name) && (await page.getAttribute("#status", "data-state")) === "ready", `an image given by ${how} is opened and classified`, `${info.slice(0, 40)}…; status: ${state}`);
  }
}

/** The RGB NHWC model of any size: metadata labels and preprocessing, the image's own size, and Node's numbers. */
async function checkRgbModel(page, imageFile) {
  await page.setInputFiles("#model-file", RGB_MODEL);
  await page.waitForFunction(() => document.getElementById("model-info").textContent.startsWith("rgb-nhwc.onnx"));
  await waitState(page, ["ready"]);
  const info = await page.textContent("#model-info");
  const top = await page.$$eval("#top5 li", (items) => items.map((item) => item.textContent));
  check(/NHWC/.test(info) && top.some((t) => t.includes("thing")), "an NHWC RGB model of any size opens; its labels come from its metadata", `${info.slice(0, 60)}…; ${top[0]}`);
  await page.click("#run");
  await waitState(page, ["done"]);
  const report = JSON.parse(await readFile(await downloadOf(page, "#download-json"), "utf8"));
  const picture = PNG.sync.read(await readFile(await downloadOf(page, "#download-png")));
  const pre = report.preprocessing;
  check(pre.layout === "nhwc" && pre.channels === 3 && pre.width === 45 && pre.height === 30 && pre.normalization === "imagenet" && pre.fit === "pad" && pre.background === "#ffffff",
    "preprocessing defaults from the metadata (imagenet, pad, white) and the image's own size", `${pre.width}x${pre.height} ${pre.layout} ${pre.normalization} ${pre.fit} ${pre.background}`);
  const expected = await nodeReference(imageFile, RGB_MODEL, report);
  const scale = Math.max(...expected.attribution.data.map(Math.abs));
  const worst = maxDifference(report.attribution.data, expected.attribution.data);
  const pixelWorst = picture.width === expected.picture.width ? maxDifference(picture.data, expected.picture.data) : Infinity;
  check(report.attribution.data.length === 45 * 30 * 3 && worst <= RELATIVE_TOLERANCE * scale && pixelWorst <= PIXEL_TOLERANCE,
    "the RGB model's attributions and picture equal Node's", `attributions: max difference ${worst.toExponential(2)} of ${scale.toPrecision(3)}; picture ${picture.width}x${picture.height}, max channel difference ${pixelWorst}`);

  // The second class as the target, with each of the other baselines.
  const second = Number(await page.getAttribute("#top5 li:nth-child(2)", "data-class-index"));
  await page.check("#top5 li:nth-child(2) input");
  for (const baseline of ["mean", "blur"]) {
    await page.selectOption("#set-baseline", baseline);
    await page.click("#run");
    await waitState(page, ["done"]);
    const picked = JSON.parse(await readFile(await downloadOf(page, "#download-json"), "utf8"));
    const reference = await nodeReference(imageFile, RGB_MODEL, picked);
    const error = maxDifference(picked.attribution.data, reference.attribution.data);
    const size = Math.max(...reference.attribution.data.map(Math.abs));
    check(picked.target === second && picked.baseline === baseline && error <= RELATIVE_TOLERANCE * size,
      `a picked target (the second class) with the ${baseline} baseline equals Node's`, `target ${picked.target}; max difference ${error.toExponential(2)} of ${size.toPrecision(3)}`);
  }
}

async function waitState(page, states, timeout = 60_000) {
  await page.waitForFunction((wanted) => wanted.includes(document.getElementById("status").dataset.state), states, { timeout });
  return page.textContent("#status");
}

/**
 * A 10 ms timer on the page, and the page's long tasks (the Long Tasks API: main-thread
 * tasks over 50 ms). On a machine shared by many jobs the OS alone can hold a timer back;
 * a long task is time the page itself kept its main thread busy.
 */
function startHeartbeat(page) {
  return page.evaluate(() => {
    let last = performance.now();
    const beat = { max: 0, beats: 0, longestTask: 0 };
    beat.timer = setInterval(() => {
      const now = performance.now();
      beat.max = Math.max(beat.max, now - last);
      beat.beats++;
      last = now;
    }, 10);
    beat.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) beat.longestTask = Math.max(beat.longestTask, entry.duration);
    });
    beat.observer.observe({ type: "longtask" });
    window.__beat = beat;
  });
}

/** Stops the heartbeat; `responsive`: the timer never waited over MAX_GAP_MS, or no task of the page's did. */
async function stopHeartbeat(page) {
  const beat = await page.evaluate(() => {
    const { timer, observer, ...beat } = window.__beat;
    clearInterval(timer);
    observer.takeRecords().forEach((entry) => (beat.longestTask = Math.max(beat.longestTask, entry.duration)));
    observer.disconnect();
    return beat;
  });
  return { ...beat, responsive: beat.max <= MAX_GAP_MS || beat.longestTask <= MAX_GAP_MS };
}

function gapText(g) {
  return `longest timer gap ${g.max.toFixed(0)} ms over ${g.beats} beats; longest main-thread task ${g.longestTask.toFixed(0)} ms`;
}

async function downloadOf(page, button) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  const file = path.join(OUT, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

function maxDifference(a, b) {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
