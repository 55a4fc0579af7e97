// The text page: a text model and its tokenizer in (the built-in topic model, or the user's
// by picker or drop), a typed sentence explained in a Web Worker (text-worker.mjs) with
// progress and cancel, the top labels to pick the target from, the words coloured by
// visualizeText, and the record as JSON.
import { parseLabels } from "./lib/image.mjs";
import { visualizeText } from "./lib/visualize.mjs";
import { download } from "./files.mjs";
import { showTopClasses } from "./results.mjs";
import { settleRun, workerClient } from "./worker-client.mjs";

const $ = (id) => document.getElementById(id);
const client = workerClient(new URL("./text-worker.mjs", import.meta.url));
client.worker.onerror = (event) => setStatus("error", `the worker failed: ${event.message}`);
const state = { model: null, files: { model: null, tokenizer: null }, labels: null, target: null, run: null, result: null };

$("sentence-form").addEventListener("submit", (event) => {
  event.preventDefault(); // Enter in the sentence box submits too
  guard(explain);
});
$("sentence").addEventListener("input", () => (state.target = null)); // a new sentence: explain its prediction
$("cancel").addEventListener("click", cancel);
$("set-method").addEventListener("change", () => ($("window-label").hidden = $("set-method").value !== "tokens"));
$("download-json").addEventListener("click", () => download("text-attributions.json", new Blob([JSON.stringify(record(), null, 1)], { type: "application/json" })));
$("model-file").addEventListener("change", () => guard(() => give($("model-file").files[0])));
$("tokenizer-file").addEventListener("change", () => guard(() => give($("tokenizer-file").files[0], "tokenizer")));
$("labels-file").addEventListener("change", () => guard(() => give($("labels-file").files[0], "labels")));
document.body.addEventListener("dragover", (event) => event.preventDefault());
document.body.addEventListener("drop", (event) => {
  event.preventDefault();
  guard(async () => {
    for (const file of event.dataTransfer.files) await give(file);
  });
});

await guard(async () => {
  const base = new URL("./models/text/", import.meta.url);
  const get = (name) => fetch(new URL(name, base)).then((r) => (r.ok ? r : Promise.reject(new Error(`${name}: HTTP ${r.status}`))));
  const [bytes, tokenizer, data] = await Promise.all([get("model.onnx").then((r) => r.arrayBuffer()), get("tokenizer.json").then((r) => r.text()), get("data.json").then((r) => r.json())]);
  state.labels = data.classes;
  state.labelsSource = "built-in";
  await openModel({ name: "topic model (built in)", bytes }, { name: "tokenizer.json", text: tokenizer });
});

/** A file by picker or drop: .onnx is the model; a .json with a vocab the tokenizer; other .json/.txt the labels. */
async function give(file, kind) {
  if (!file) return;
  const name = file.name.toLowerCase();
  if (!kind && name.endsWith(".onnx")) kind = "model";
  if (kind === "model") state.files.model = { name: file.name, bytes: await file.arrayBuffer() };
  else {
    const text = await file.text();
    kind ??= name.endsWith(".json") && /"vocab"\s*:/.test(text) ? "tokenizer" : "labels";
    if (kind === "labels") {
      state.labels = parseLabels(text);
      state.labelsSource = "file";
      if (state.result) showResult(state.result);
      return;
    }
    state.files.tokenizer = { name: file.name, text };
  }
  // The model and the tokenizer belong together: a custom pair is opened once both are given.
  const current = state.model?.files.custom ? state.model.files : {};
  const model = state.files.model ?? current.model;
  const tokenizer = state.files.tokenizer ?? current.tokenizer;
  if (!model || !tokenizer) return setStatus("ready", `now give the ${model ? "tokenizer.json" : "ONNX model"} that goes with ${(model ?? tokenizer).name}`);
  if (state.labelsSource === "built-in") state.labels = null; // the topic names belong to the built-in model
  await openModel(model, tokenizer, true);
}

async function openModel(model, tokenizer, custom = false) {
  cancel();
  setStatus("loading", `opening ${model.name} with ${tokenizer.name}…`);
  $("run").disabled = true;
  const bytes = model.bytes.slice(0); // the worker takes its own copy: this one stays for a later re-open
  const info = await client.ask({ type: "model", bytes, tokenizer: tokenizer.text }, [bytes]).catch((error) => {
    state.model = null;
    $("model-info").dataset.state = "error";
    throw new Error(`could not open ${model.name} with ${tokenizer.name}: ${error.message}`);
  });
  state.files = { model: null, tokenizer: null };
  state.model = { info, files: { model, tokenizer, custom } };
  state.target = null;
  $("model-info").textContent = `${model.name}: inputs ${info.inputs.join(", ")}, ${info.classes} labels; ${tokenizer.name}: ${info.vocab} tokens, pad “${info.pad}”, unk “${info.unk}”; ` +
    `onnxruntime-web wasm, ${info.threads} thread${info.threads === 1 ? "" : "s"}`;
  $("model-info").dataset.state = "ready";
  $("run").disabled = false;
  setStatus("ready", "ready: type a sentence and press Explain (or Enter)");
}

function options() {
  const whole = (input, min, max) => {
    const value = Math.min(max, Math.max(min, Math.round(Number(input.value) || min)));
    input.value = String(value);
    return value;
  };
  const tokens = $("set-method").value === "tokens";
  return {
    method: tokens ? "Occlusion" : "FeatureAblation",
    window: tokens ? whole($("set-window"), 1, 512) : null,
    baseline: $("set-baseline").value,
    perturbationsPerEval: whole($("set-ppe"), 1, 4096),
    target: state.target,
    classes: state.labels ?? undefined,
  };
}

async function explain() {
  if (!state.model) throw new Error("no model is open: give an ONNX text model and its tokenizer.json");
  const text = $("sentence").value;
  if (!text.trim()) throw new Error("type a sentence first: there are no words to explain");
  cancel();
  const settings = options();
  const run = { id: client.nextId, text, settings, started: performance.now() };
  state.run = run;
  $("run").disabled = true;
  $("cancel").disabled = false;
  $("download-json").disabled = true;
  $("progress").value = 0;
  setStatus("running", `explaining “${text}”…`);
  await settleRun({ state, $, setStatus }, run, async () => {
    const { explanation } = await client.ask({ type: "explain", text, options: settings }, [], ({ done, total }) => {
      $("status").dataset.workerCalls = String(done); // what the worker has done, even after a cancel (the test reads it)
      if (state.run !== run) return;
      $("progress").max = total;
      $("progress").value = done;
      setStatus("running", `explaining: ${done} of ${total} model calls`);
    });
    if (state.run !== run) return;
    state.result = { ...run, explanation };
    state.target = labelIndex(explanation);
    showResult(state.result);
    $("progress").value = $("progress").max;
    $("download-json").disabled = false;
    setStatus("done", `done: “${explanation.attrClass}” in ${((performance.now() - run.started) / 1000).toFixed(1)} s`);
  });
}

const labelIndex = (explanation) => state.result?.settings.target ?? explanation.predicted;

function showResult({ explanation, settings }) {
  const names = explanation.probabilities.length ? Array.from(explanation.probabilities, (_, k) => state.labels?.[k] ?? `class ${k}`) : [];
  showTopClasses($("top5"), Array.from(explanation.probabilities, Math.log), names, labelIndex(explanation), (k) => {
    state.target = k;
    setStatus("ready", `target: ${names[k]}; press Explain`);
  }, "log-probability"); // the text explainer gives probabilities, not the model's logits
  $("words").innerHTML = visualizeText(explanation); // visualizeText escapes the words
  $("words").dataset.predicted = String(explanation.predClass);
  const how = settings.window ? `Occlusion over tokens, window ${settings.window}` : "FeatureAblation over words";
  $("summary").textContent = `${how}, baseline ${settings.baseline} (id ${explanation.baselineId}); word scores divided by their L2 norm, ` +
    `the attribution score is their raw sum (${explanation.attrScore.toPrecision(4)}).`;
}

function record() {
  const { explanation: e, text, settings } = state.result;
  return {
    model: state.model.files.model.name, tokenizer: state.model.files.tokenizer.name, text,
    method: settings.method, window: settings.window, baseline: settings.baseline, baselineId: e.baselineId, perturbationsPerEval: settings.perturbationsPerEval,
    predicted: e.predicted, predClass: e.predClass, predProb: e.predProb, attrClass: e.attrClass, attrScore: e.attrScore,
    probabilities: Array.from(e.probabilities), words: e.rawInputIds,
    wordAttributions: Array.from(e.wordAttributions), rawWordAttributions: Array.from(e.rawWordAttributions),
    tokens: e.encoding.tokens, tokenIds: Array.from(e.encoding.ids, Number), tokenAttributions: Array.from(e.tokenAttributions),
  };
}

function cancel() {
  if (!state.run) return;
  client.cancel(state.run.id);
  state.run = null;
  $("run").disabled = !state.model;
  $("cancel").disabled = true;
  setStatus("cancelled", "cancelled");
}

function setStatus(kind, text) {
  $("status").textContent = text;
  $("status").dataset.state = kind;
}

/** Runs a step; a failure becomes the status line (a clear message, never a dead page). */
async function guard(step) {
  try {
    await step();
  } catch (error) {
    console.warn(error);
    setStatus("error", error.message);
  }
}
