// The app: model and image in, preprocessing shown and editable, top-5 classes, Occlusion
// in a Web Worker (worker.mjs) with progress and cancel, pictures and downloads out.
// The page's state is in `state`; each step redoes what depends on it.
import { imageToTensor, imageInput, metadataDefaults, parseLabels, readOnnxMetadata, defaultWindow, meanBaseline, blurBaseline } from "./lib/image.mjs";
import { acceptFiles, decodeImage, download } from "./files.mjs";
import { createPreprocessForm } from "./preprocess-form.mjs";
import { createPictures, showTopClasses } from "./results.mjs";
import { settleRun, workerClient } from "./worker-client.mjs";

const $ = (id) => document.getElementById(id);
const client = workerClient(new URL("./worker.mjs", import.meta.url));
const form = createPreprocessForm(document);
const pictures = createPictures(document);
pictures.warmUp();
const settings = { window: $("set-window"), stride: $("set-stride"), baseline: $("set-baseline"), baselineValue: $("set-baseline-value"), ppe: $("set-ppe") };
const state = { model: null, labels: null, labelsFromFile: false, image: null, prepared: null, scores: null, target: null, run: null, result: null, userWindow: false };
client.worker.onerror = (event) => setStatus("error", `the worker failed: ${event.message}`);
const ask = client.ask;

acceptFiles(document, { model: $("model-file"), labels: $("labels-file"), image: $("image-file") }, {
  model: (file) => guard(async () => openModel(new Uint8Array(await file.arrayBuffer()), file.name), "model"),
  labels: (file) => guard(async () => setLabels(parseLabels(await file.text()), file.name, true), "labels"),
  image: (file) => guard(async () => openImage(await decodeImage(file), file.name), "image"),
});
form.onChange(() => guard(prepare, "image"));
settings.window.addEventListener("change", () => ((state.userWindow = true), updateEstimate()));
for (const key of ["stride", "ppe", "baseline"]) settings[key].addEventListener("change", () => ((state.userWindow ||= key === "stride"), updateEstimate()));
$("run").addEventListener("click", () => guard(explain, "run"));
$("cancel").addEventListener("click", cancel);
$("download-json").addEventListener("click", () => download("attributions.json", new Blob([JSON.stringify(report())], { type: "application/json" })));
$("download-png").addEventListener("click", async () => download("occlusion.png", await pictures.picturePng()));

await guard(async () => {
  const base = new URL("./models/fashion-mnist/", import.meta.url);
  const [bytes, info] = await Promise.all([fetch(new URL("model.onnx", base)).then((r) => r.arrayBuffer()), fetch(new URL("model.json", base)).then((r) => r.json())]);
  await openModel(new Uint8Array(bytes), "Fashion-MNIST (built in)", info.classNames);
  const sample = await fetch(new URL("samples/9-ankle-boot.png", base)).then((r) => r.blob());
  await openImage(await decodeImage(Object.assign(sample, { name: "9-ankle-boot.png" })), "9-ankle-boot.png (sample)");
}, "model");

async function openModel(bytes, name, builtInLabels) {
  setStatus("loading", `opening ${name}…`);
  cancel();
  let metadata = {};
  try {
    metadata = metadataDefaults(readOnnxMetadata(bytes));
  } catch (error) {
    throw new Error(`${name} is not an ONNX model ${error.message.replace(/^image: not an ONNX model /, "")}`);
  }
  const info = await ask({ type: "model", bytes }, [bytes.buffer]).catch((error) => {
    throw new Error(`could not open ${name}: ${error.message}`);
  });
  const input = (info.shape && imageInput(info.shape)) ?? null;
  if (info.shape && !input) throw new Error(`${name}: input ${info.inputName} has shape [${info.shape.join(", ")}]; the app feeds images as [N,C,H,W], [N,H,W,C] or [N,H,W] with 1 or 3 channels`);
  state.model = { name, info, input: input ?? { layout: "nchw", channels: null, height: null, width: null }, metadata: metadata.preprocessing };
  state.userWindow = false;
  state.labelsFromFile = false; // a labels file belonged to the previous model
  setLabels(metadata.labels ?? builtInLabels ?? null, metadata.labels ? "the model's metadata" : builtInLabels ? "model.json" : null, false);
  form.setModel(state.model.input, state.model.metadata);
  const shape = info.shape ? `[${info.shape.join(", ")}]` : "unknown shape";
  $("model-info").textContent = `${name}: input “${info.inputName}” ${shape}, ${state.model.input.layout.toUpperCase()}; ` +
    `onnxruntime-web wasm, ${info.threads} thread${info.threads === 1 ? "" : "s"}${crossOriginIsolated ? "" : " (the page is not cross-origin isolated)"}`;
  $("model-info").dataset.state = "ready";
  if (state.image) {
    form.setImageSize(state.image.rgba.width, state.image.rgba.height);
    await prepare();
  } else setStatus("ready", "open an image");
}

function setLabels(labels, source, fromFile) {
  state.labels = labels;
  state.labelsFromFile = fromFile;
  $("labels-file").title = source ? `labels from ${source}` : "";
  if (state.scores) pickTarget(state.target);
}

async function openImage(rgba, name) {
  state.image = { rgba, name };
  const original = $("original-canvas");
  Object.assign(original, { width: rgba.width, height: rgba.height });
  original.getContext("2d").putImageData(new ImageData(new Uint8ClampedArray(rgba.data), rgba.width, rgba.height), 0, 0);
  form.setImageSize(rgba.width, rgba.height);
  state.userWindow = false;
  await prepare();
}

/** Image -> tensor with the form's options, then the model's scores and the top-5. */
async function prepare() {
  if (!state.image || !state.model) return;
  cancel();
  state.result = null;
  setDownloads(false);
  const options = form.read();
  const prepared = imageToTensor(state.image.rgba, options);
  state.prepared = { ...prepared, options };
  pictures.drawInput(prepared.pixels, prepared.layout);
  $("image-changes").replaceChildren(...prepared.changes.map((change) => Object.assign(document.createElement("li"), { textContent: change })));
  $("image-info").textContent = `${state.image.name}: ${state.image.rgba.width}×${state.image.rgba.height} → [${prepared.tensor.shape.join(", ")}], ` +
    `values (byte × ${prepared.normalization.scale.toPrecision(4)} − mean [${prepared.normalization.mean.map((m) => +m.toFixed(4)).join(", ")}]) / std [${prepared.normalization.std.map((s) => +s.toFixed(4)).join(", ")}]`;
  setStatus("running", "classifying…");
  const { scores } = await ask({ type: "classify", input: prepared.tensor });
  state.scores = scores;
  pickTarget(null);
  if (!state.userWindow) {
    const { window, stride } = defaultWindow(prepared.height, prepared.width);
    settings.window.value = String(window[0]);
    settings.stride.value = String(stride[0]);
  }
  settings.window.max = String(Math.min(prepared.height, prepared.width));
  updateEstimate();
  $("run").disabled = false;
  setStatus("ready", "ready: press Explain");
}

/** The target: the given class, or the top-1 when null. */
function pickTarget(target) {
  const best = state.scores.indexOf(Math.max(...state.scores));
  state.target = target ?? best;
  showTopClasses($("top5"), state.scores, state.labels, state.target, (k) => {
    state.target = k;
    setStatus("ready", `target: ${labelOf(k)}; press Explain`);
  });
}

const labelOf = (k) => state.labels?.[k] ?? `class ${k}`;

/** Window, stride, baseline and the Occlusion options in the tensor's layout. */
function occlusionOptions() {
  const { height, width, channels, layout, tensor } = state.prepared;
  const side = clamp(settings.window, 1, Math.min(height, width));
  const step = clamp(settings.stride, 1, side);
  const ppe = clamp(settings.ppe, 1, 4096);
  const inLayout = (value) => (layout === "nchw" ? [channels, value, value] : layout === "nhwc" ? [value, value, channels] : [value, value]);
  const kind = settings.baseline.value;
  $("baseline-value-label").hidden = kind !== "value";
  const baselines = kind === "mean" ? meanBaseline(tensor, layout) : kind === "blur" ? blurBaseline(tensor, layout, Math.max(1, side / 2)) : Number(settings.baselineValue.value) || 0;
  const windows = (Math.ceil((height - side) / step) + 1) * (Math.ceil((width - side) / step) + 1);
  return {
    options: { slidingWindowShapes: inLayout(side), strides: inLayout(step), baselines, target: state.target, perturbationsPerEval: ppe },
    summary: { window: side, stride: step, baseline: kind === "value" ? Number(settings.baselineValue.value) || 0 : kind, perturbationsPerEval: ppe, windows },
  };
}

function updateEstimate() {
  if (!state.prepared) return;
  const { summary } = occlusionOptions();
  const calls = 1 + Math.ceil(summary.windows / summary.perturbationsPerEval);
  $("estimate").textContent = `${summary.windows} windows of ${summary.window}×${summary.window} px, stride ${summary.stride}: ${calls} model calls of up to ${summary.perturbationsPerEval} images each`;
}

async function explain() {
  cancel();
  const { options, summary } = occlusionOptions();
  const run = { id: null, summary, target: state.target, started: performance.now() };
  state.run = run;
  $("run").disabled = true;
  $("cancel").disabled = false;
  setDownloads(false);
  $("progress").value = 0;
  $("heatmap-canvas").dataset.partialFrames = "0";
  $("legend-min").textContent = $("legend-max").textContent = "…"; // the scale of this run comes with its final map
  setStatus("running", `explaining “${labelOf(state.target)}”…`);
  await settleRun({ state, $, setStatus }, run, async () => {
    const promise = ask({ type: "explain", input: state.prepared.tensor, options }, [], ({ done, total }) => {
      $("status").dataset.workerCalls = String(done); // what the worker has done, even after a cancel (the test reads it)
      if (state.run !== run) return;
      run.progress = { done, total };
      // Many small batches: draw the bar at most every 50 ms, not once per message.
      run.drawTimer ??= setTimeout(() => {
        run.drawTimer = undefined;
        if (state.run !== run) return;
        $("progress").max = run.progress.total;
        $("progress").value = run.progress.done;
        setStatus("running", `explaining “${labelOf(run.target)}”: ${run.progress.done} of ${run.progress.total} model calls`);
      }, 50);
    }, ({ done, total, attributions }) => {
      // The map so far (windows not yet evaluated count as 0): drawn as it fills in.
      if (state.run !== run || done === total) return;
      pictures.drawAttribution(attributions, state.prepared.pixels, state.prepared.layout, { partial: true });
      $("range").textContent = `${done} of ${total} windows measured so far; the map fills in as the batches finish.`;
    });
    run.id = client.nextId - 1;
    const { attribution } = await promise;
    if (state.run !== run) return;
    state.result = { attribution, ...run };
    clearTimeout(run.drawTimer);
    $("progress").max = run.progress?.total ?? 1;
    $("progress").value = $("progress").max;
    pictures.drawAttribution(attribution, state.prepared.pixels, state.prepared.layout);
    setDownloads(true);
    const seconds = ((performance.now() - run.started) / 1000).toFixed(1);
    setStatus("done", `done: “${labelOf(run.target)}”, ${summary.windows} windows in ${seconds} s`);
  });
}

function cancel() {
  if (!state.run) return;
  client.cancel(state.run.id);
  state.run = null;
  $("run").disabled = !state.prepared;
  $("cancel").disabled = true;
  setStatus("cancelled", "cancelled");
}

function report() {
  const { attribution, summary, target } = state.result;
  const { options, changes, normalization, layout } = state.prepared;
  return {
    model: state.model.name,
    input: { name: state.model.info.inputName, shape: state.prepared.tensor.shape, layout },
    image: { name: state.image.name, width: state.image.rgba.width, height: state.image.rgba.height },
    preprocessing: { ...options, changes, values: normalization },
    scores: state.scores,
    target,
    label: state.labels?.[target] ?? null,
    ...summary,
    attribution: { shape: attribution.shape, data: Array.from(attribution.data) },
  };
}

function setDownloads(enabled) {
  $("download-png").disabled = !enabled;
  $("download-json").disabled = !enabled;
}

function clamp(input, min, max) {
  const value = Math.min(max, Math.max(min, Math.round(Number(input.value) || min)));
  input.value = String(value);
  return value;
}

function setStatus(kind, text) {
  $("status").textContent = text;
  $("status").dataset.state = kind;
}

/** Runs a step; a failure becomes the status line (a clear message, never a dead page). */
async function guard(step, what) {
  try {
    await step();
  } catch (error) {
    console.warn(error);
    setStatus("error", error.message);
    if (what === "model") $("model-info").dataset.state = "error";
  }
}
