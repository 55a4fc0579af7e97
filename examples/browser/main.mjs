// Wires the page: pick a sample, see the prediction, and watch Occlusion explain it.
// Any control change starts a new run and aborts the one in progress.
import { Occlusion } from "occlusion-wasm";
import { classify, loadModel, loadSampleImage, loadSamples, SIDE } from "./model.mjs";
import { createPanels } from "./panels.mjs";
import { showPrediction } from "./prediction.mjs";

const PERTURBATIONS_PER_EVAL = 8;
const $ = (id) => document.getElementById(id);
const controls = { sample: $("sample"), window: $("window"), stride: $("stride"), method: $("method"), sign: $("sign"), pause: $("pause") };
const status = $("status"), progress = $("progress");
const panels = createPanels(document);

const [model, samples] = await Promise.all([loadModel(), loadSamples()]).catch((error) => {
  setRunStatus("error", `could not load the model: ${error.message}`);
  throw error;
});
for (const sample of samples) controls.sample.add(new Option(`${sample.className} (${sample.file})`, sample.file));
let current = new AbortController();
for (const control of Object.values(controls)) control.addEventListener("change", start);
start();

function readSettings() {
  return {
    sample: controls.sample.value,
    window: clampInt(controls.window, 1, SIDE),
    stride: clampInt(controls.stride, 1, SIDE),
    method: controls.method.value,
    sign: controls.sign.value,
    pauseMs: Number(controls.pause.value),
  };
}

function start() {
  current.abort();
  current = new AbortController();
  const settings = readSettings();
  const { signal } = current;
  explain(settings, signal).catch((error) => {
    if (signal.aborted) return; // superseded by a newer run (attribute rejects with ABORTED)
    setRunStatus("error", error.message, settings);
    console.error(error);
  });
}

async function explain(requested, signal) {
  // The stride may not exceed the window (Captum's rule): use the window instead of failing.
  const stride = Math.min(requested.stride, requested.window);
  const settings = { ...requested, stride, perturbationsPerEval: PERTURBATIONS_PER_EVAL };
  const setStatus = (state, text) => setRunStatus(state, text, settings);
  setStatus("running", "classifying…");
  panels.clearAttribution();
  const input = await loadSampleImage(settings.sample);
  if (signal.aborted) return;
  panels.drawImage(input);
  const { probabilities, predicted } = classify((await model.logits(input)).data);
  showPrediction($("prediction"), model.classNames, probabilities, predicted, samples.find((s) => s.file === settings.sample));
  if (signal.aborted) return;

  const view = { method: settings.method, sign: settings.sign };
  const forward = async (x) => {
    await pause(settings.pauseMs); // lets the browser paint the last partial frame
    return model.logits(x);
  };
  const window = [1, settings.window, settings.window];
  let windowCount = 0;
  // onPartial hands the map so far (the mean over the windows done); coarse-to-fine spreads
  // the first windows over the whole image, so the early frames already show its shape.
  const onPartial = (partial) => {
    if (signal.aborted || partial.done === partial.total) return; // the final map is drawn below
    windowCount = partial.total;
    progress.max = partial.total;
    progress.value = partial.done;
    setStatus("running", `explaining “${model.classNames[predicted]}”: ${partial.done}/${partial.total} windows`);
    panels.drawAttribution(partial.attributions(), input, view, coveredBy(partial.windows(), window, [1, stride, stride]));
  };
  const attribution = await new Occlusion(forward).attribute(input, {
    slidingWindowShapes: window,
    strides: [1, stride, stride],
    baselines: 0,
    target: predicted,
    perturbationsPerEval: settings.perturbationsPerEval,
    order: "coarse-to-fine",
    onPartial,
    partialIntervalMs: 0,
    signal,
  });
  panels.drawAttribution(attribution, input, view);
  const note = stride < requested.stride ? ` (stride lowered to the window, ${stride})` : "";
  setStatus("done", `done: ${windowCount} windows of ${settings.window}×${settings.window}, stride ${stride}${note}`);
}

/** 1 per pixel that a done window covers (windows: [start, end) runs of window numbers, rows varying fastest). */
function coveredBy(runs, window, strides) {
  const covered = new Uint8Array(SIDE * SIDE);
  const shifts = Math.ceil((SIDE - window[1]) / strides[1]) + 1;
  for (const [start, end] of runs) {
    for (let w = start; w < end; w++) {
      const top = (w % shifts) * strides[1], left = Math.floor(w / shifts) * strides[2];
      for (let y = top; y < Math.min(top + window[1], SIDE); y++) covered.fill(1, y * SIDE + left, y * SIDE + Math.min(left + window[2], SIDE));
    }
  }
  return covered;
}

/** The status line; data-settings says which run it is about (the page's test reads it). */
function setRunStatus(state, text, settings) {
  status.textContent = text;
  status.dataset.state = state;
  if (settings) status.dataset.settings = JSON.stringify(settings);
  else delete status.dataset.settings;
}

function clampInt(input, min, max) {
  const value = Math.min(max, Math.max(min, Math.round(Number(input.value) || min)));
  input.value = String(value);
  return value;
}

/** Waits ms (0: one frame, so each batch's partial map reaches the screen). */
function pause(ms) {
  if (ms > 0) return new Promise((resolve) => setTimeout(resolve, ms));
  // requestAnimationFrame never fires in a hidden tab; the timeout keeps the run going there.
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}
