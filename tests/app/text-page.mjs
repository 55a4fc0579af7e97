// npm test's text page step: serves app/ as `npm run app` does, opens app/text.html in
// headless Chromium and uses it as a visitor would: a held-out sentence typed and explained
// with Enter (the built-in topic model), then Occlusion over token pairs with the unk
// baseline for the second label; the page's word attributions and predicted label must
// equal explainText in Node (onnxruntime-web, as tests/text-model.test.ts). Cancel must stop
// a long run; an empty sentence, a bad tokenizer file and an image model get clear messages.
// Ends with "text-page: N passed, N failed" (one word: run-tests.mjs reads "<label>: …"); without Chromium the step is skipped, or fails under CI=true.
// Run: node --import tsx tests/app/text-page.mjs (after npm run build).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-web";
import { ROOT } from "../../scripts/runtimes/bins.mjs";
import { browserChecks } from "../../scripts/runtimes/browser-checks.mjs";
import { launchChromium } from "../../scripts/runtimes/chromium.mjs";
import { startAppServer } from "../../scripts/serve-app.mjs";
import { onnxForward } from "../../src/adapters/index.ts";
import { explainText } from "../../src/text/index.ts";
import { createTextSession, readData, readTokenizer, TEXT_DIR } from "../support/text-model.ts";

// The page runs onnxruntime with threads, Node with one: float sums may round differently.
const TOLERANCE = 1e-4;
const TEXT_MODEL = new URL("model.onnx", TEXT_DIR).pathname;
const IMAGE_MODEL = path.join(ROOT, "examples/fashion-mnist/model.onnx");

const { check, run } = browserChecks("text-page");
await run("dist/text.mjs", runAll);

async function runAll(executablePath) {
  const [data, tokenizer, session] = await Promise.all([readData(), readTokenizer(), createTextSession()]);
  const forward = onnxForward(session, ort.Tensor);
  const reference = (text, options) => explainText(forward, tokenizer, text, { classes: data.classes, ...options });
  const out = await mkdtemp(path.join(os.tmpdir(), "text-page-"));
  const server = await startAppServer();
  const browser = await launchChromium(executablePath);
  try {
    const page = await browser.context.newPage();
    page.on("pageerror", (error) => console.log(`# [pageerror] ${error.message}`));
    await page.goto(`${server.origin}/text.html`);
    await waitState(page, ["ready"]);
    check(/topic model \(built in\).*input_ids/.test(await page.textContent("#model-info")), "the page opens the built-in topic model and tokenizer", (await page.textContent("#model-info")).slice(0, 80));

    // A held-out sentence, explained with Enter and the defaults (FeatureAblation over words, pad).
    const sentence = data.test.find((item) => item.text.split(/\s+/).length >= 8).text;
    await page.fill("#sentence", sentence);
    await page.press("#sentence", "Enter");
    await waitState(page, ["done"]);
    const record = await downloadRecord(page, out);
    const expected = await reference(sentence);
    const headline = await page.textContent("#top5 li:first-child");
    check(record.predClass === expected.predClass && record.attrClass === expected.predClass && headline.includes(expected.predClass),
      "Enter explains the typed sentence; the predicted label (top of the list, the default target) equals Node's", `${record.predClass} vs ${expected.predClass}`);
    compare(record, expected, "FeatureAblation over words with the pad baseline");
    const marks = await page.$$eval("#words mark", (items) => items.map((item) => item.textContent.trim()));
    check(marks.join(" ") === expected.rawInputIds.join(" ") && (await page.textContent("#words")).includes("Legend"),
      "the words are shown coloured by visualizeText, with its legend", marks.slice(0, 5).join(" "));

    // The second label, Occlusion over token pairs, the unk baseline.
    const second = Number(await page.getAttribute("#top5 li:nth-child(2)", "data-class-index"));
    await page.check("#top5 li:nth-child(2) input");
    await page.selectOption("#set-method", "tokens");
    await page.fill("#set-window", "2");
    await page.selectOption("#set-baseline", "unk");
    await page.click("#run");
    await waitState(page, ["done"]);
    const occluded = await downloadRecord(page, out);
    const expectedOcclusion = await reference(sentence, { target: second, window: 2, baselineId: tokenizer.unkId });
    check(occluded.attrClass === data.classes[second] && occluded.window === 2 && occluded.baselineId === tokenizer.unkId,
      "a picked label, window 2 and the unk baseline reach the run", `${occluded.attrClass}, window ${occluded.window}, baseline id ${occluded.baselineId}`);
    compare(occluded, expectedOcclusion, "Occlusion over token pairs with the unk baseline for the second label");

    await checkCancel(page);
    await checkBadInput(page);
  } finally {
    await browser.close();
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

function compare(record, expected, what) {
  let worst = 0;
  expected.wordAttributions.forEach((value, i) => (worst = Math.max(worst, Math.abs(record.wordAttributions[i] - value))));
  check(record.wordAttributions.length === expected.wordAttributions.length && worst <= TOLERANCE && record.wordAttributions.some((v) => v !== 0),
    `${what}: the page's word attributions equal Node's explainText`, `${record.wordAttributions.length} words, max difference ${worst.toExponential(2)}`);
}

/** A long sentence, one perturbation per call: cancel stops the worker, and the page says so. */
async function checkCancel(page) {
  await page.selectOption("#set-method", "words");
  await page.fill("#set-ppe", "1");
  await page.fill("#sentence", Array.from({ length: 150 }, (_, i) => ["the", "computer", "loves", "science", "politics"][i % 5]).join(" "));
  await page.evaluate(async () => {
    const status = document.getElementById("status");
    document.getElementById("run").click();
    await new Promise((resolve) => {
      const poll = setInterval(() => Number(status.dataset.workerCalls) >= 3 && (clearInterval(poll), resolve()), 1);
    });
    document.getElementById("cancel").click();
  });
  await page.waitForTimeout(300);
  const stoppedAt = await page.getAttribute("#status", "data-worker-calls");
  await page.waitForTimeout(500);
  const after = await page.evaluate(() => ({ calls: document.getElementById("status").dataset.workerCalls, state: document.getElementById("status").dataset.state }));
  check(after.state === "cancelled" && after.calls === stoppedAt && Number(after.calls) < 150, "cancel stops a long run in the worker, and the page says cancelled",
    `the worker stopped after ${after.calls} of 150 model calls`);
}

async function checkBadInput(page) {
  await page.fill("#sentence", "   ");
  await page.press("#sentence", "Enter");
  const empty = await waitState(page, ["error"]);
  check(/type a sentence first/.test(empty), "an empty sentence gets a clear message", empty);
  await page.setInputFiles("#model-file", TEXT_MODEL);
  await page.setInputFiles("#tokenizer-file", { name: "tokenizer.json", mimeType: "application/json", buffer: Buffer.from("{ vocab: oops") });
  const tokenizerMessage = await waitState(page, ["error"]);
  check(/tokenizer file is not JSON/.test(tokenizerMessage), "a tokenizer file that is not JSON gets a clear message", tokenizerMessage);
  await page.setInputFiles("#tokenizer-file", new URL("tokenizer.json", TEXT_DIR).pathname);
  await waitState(page, ["ready"]);
  await page.setInputFiles("#model-file", IMAGE_MODEL);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("model.onnx with tokenizer.json:"), null, { timeout: 30_000 }).catch(() => {});
  const wrongModel = await waitState(page, ["error"]);
  check(/float32.*int64 or int32 token ids/.test(wrongModel), "an image model (float32 input) gets a clear message", wrongModel);
}

async function waitState(page, states, timeout = 30_000) {
  await page.waitForFunction((wanted) => wanted.includes(document.getElementById("status").dataset.state), states, { timeout });
  return page.textContent("#status");
}

async function downloadRecord(page, out) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
  const file = path.join(out, download.suggestedFilename());
  await download.saveAs(file);
  return JSON.parse(await readFile(file, "utf8"));
}
