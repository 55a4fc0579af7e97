// The app's Web Worker: owns the onnxruntime-web session (wasm backend, threads when the
// page is cross-origin isolated) and runs Occlusion, so the page never waits on the model.
// Messages in:  { type: "model", bytes } | { type: "classify", id, input }
//               | { type: "explain", id, input, options } | { type: "cancel", id }
// Messages out: { type: "model", ... } | { type: "scores", id, scores } | { type: "progress", id, done, total }
//               | { type: "partial", id, done, total, attributions } | { type: "result", id, attribution } | { type: "error", id, stage, code, message }
import * as ort from "./ort/ort.wasm.min.mjs";
import { Occlusion } from "./lib/index.mjs";
import { onnxForward } from "./lib/adapters.mjs";
import { configureOrt, createSession, describe, queuedForward } from "./worker-support.mjs";

configureOrt(ort, import.meta.url);

let session = null;
let forward = null;
const runs = new Map(); // id -> AbortController

self.onmessage = async ({ data: message }) => {
  const { type, id } = message;
  try {
    if (type === "model") await openModel(message.bytes);
    else if (type === "classify") post({ type: "scores", id, scores: await scores(message.input) });
    else if (type === "explain") await explain(id, message.input, message.options);
    else if (type === "cancel") runs.get(id)?.abort(new Error("cancelled"));
  } catch (error) {
    post({ type: "error", id, stage: type, code: error?.code ?? null, message: describe(error) });
  }
};

async function openModel(bytes) {
  const previous = session;
  session = null;
  await previous?.release?.();
  const created = await createSession(ort, bytes);
  const meta = created.inputMetadata?.[0];
  if (created.inputNames.length !== 1) throw new Error(`it has ${created.inputNames.length} inputs (${created.inputNames.join(", ")}); the app feeds one image`);
  if (meta?.isTensor && meta.type !== "float32") throw new Error(`its input ${created.inputNames[0]} is ${meta.type}; the app feeds float32 pixels`);
  session = created;
  forward = queuedForward(onnxForward(session, ort.Tensor));
  post({
    type: "model",
    inputName: created.inputNames[0],
    shape: meta?.isTensor ? meta.shape : null,
    outputName: created.outputNames[0],
    threads: ort.env.wasm.numThreads,
  });
}

async function scores(input) {
  if (!forward) throw new Error("no model is open");
  const output = await forward(input);
  if (output.dims.length > 2 || output.dims[0] !== 1) throw new Error(`the model returned shape [${output.dims.join(", ")}]; the app explains one row of class scores [1, K]`);
  return Array.from(output.data, Number);
}

async function explain(id, input, options) {
  if (!forward) throw new Error("no model is open");
  const controller = new AbortController();
  runs.set(id, controller);
  try {
    const attribution = await new Occlusion(forward).attribute(input, {
      ...options,
      signal: controller.signal,
      showProgress: ({ done, total }) => post({ type: "progress", id, done, total }),
      // The map so far, at most every 250 ms (each frame is drawing work on the page's main
      // thread); coarse-to-fine spreads the first windows over the whole image, and the final
      // result is the same bit for bit.
      order: "coarse-to-fine",
      partialIntervalMs: 250,
      onPartial: (partial) => post({ type: "partial", id, done: partial.done, total: partial.total, attributions: partial.attributions() }),
    });
    post({ type: "result", id, attribution }, [attribution.data.buffer]);
  } finally {
    runs.delete(id);
  }
}

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}
