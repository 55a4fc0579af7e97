// The Fashion-MNIST model (examples/fashion-mnist/model.onnx) in the page, with
// onnxruntime-web's wasm backend served from node_modules. One thread: a plain static
// server gives no cross-origin isolation, so no SharedArrayBuffer for ort's workers.
import * as ort from "onnxruntime-web";

const EXAMPLE = new URL("../fashion-mnist/", import.meta.url);
export const SIDE = 28;

/** Loads the session and the class names; `model.logits(tensor)` runs one batch. */
export async function loadModel() {
  ort.env.wasm.wasmPaths = new URL("../../node_modules/onnxruntime-web/dist/", import.meta.url).href;
  ort.env.wasm.numThreads = 1;
  const [session, metadata] = await Promise.all([
    ort.InferenceSession.create(new URL("model.onnx", EXAMPLE).href, { executionProviders: ["wasm"] }),
    fetchJson(new URL("model.json", EXAMPLE)),
  ]);
  // ort allows one run per session at a time; a new attribution may start while an
  // aborted one still waits for its call, so calls queue up.
  let queue = Promise.resolve();
  const logits = (input) => {
    const run = queue.then(() => session.run({ input: new ort.Tensor("float32", input.data, input.shape) }));
    queue = run.catch(() => undefined);
    return run.then((outputs) => outputs.logits);
  };
  return { classNames: metadata.classNames, logits };
}

/** The sample list written by train.py: file, label, className, predicted, logits. */
export function loadSamples() {
  return fetchJson(new URL("samples/labels.json", EXAMPLE));
}

/**
 * A sample as the model reads it: gray bytes / 255, shape [1, 1, 28, 28]. Decoded
 * without colour conversion, so the values are the PNG's bytes (as pngjs reads them in Node).
 */
export async function loadSampleImage(file) {
  const blob = await (await fetch(new URL(`samples/${file}`, EXAMPLE))).blob();
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const data = new Float32Array(bitmap.width * bitmap.height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i] / 255; // gray: r = g = b
  return { data, shape: [1, 1, bitmap.height, bitmap.width] };
}

/** Class probabilities (softmax of one row of logits) and the index of the largest. */
export function classify(logits) {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (value) => Math.exp(value - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const probabilities = exps.map((value) => value / total);
  return { probabilities, predicted: probabilities.indexOf(Math.max(...probabilities)) };
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}
