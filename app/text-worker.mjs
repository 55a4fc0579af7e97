// The text page's Web Worker: owns the onnxruntime-web session of a text model (int64 or
// int32 token ids, optionally an attention mask) and its tokenizer, and runs explainText
// (occlusion-wasm/text), so the page never waits on the model.
// Messages in:  { type: "model", bytes, tokenizer } | { type: "explain", id, text, options } | { type: "cancel", id }
// Messages out: { type: "model", ... } | { type: "progress", id, done, total }
//               | { type: "result", id, explanation } | { type: "error", id, stage, code, message }
import * as ort from "./ort/ort.wasm.min.mjs";
import { onnxForward } from "./lib/adapters.mjs";
import { explainText, WordTokenizer } from "./lib/text.mjs";
import { configureOrt, createSession, describe, queuedForward } from "./worker-support.mjs";

configureOrt(ort, import.meta.url);

let model = null; // { session, forward, tokenizer, withMask }
const runs = new Map(); // id -> AbortController

self.onmessage = async ({ data: message }) => {
  const { type, id } = message;
  try {
    if (type === "model") await openModel(message.bytes, message.tokenizer);
    else if (type === "explain") await explain(id, message.text, message.options);
    else if (type === "cancel") runs.get(id)?.abort(new Error("cancelled"));
  } catch (error) {
    post({ type: "error", id, stage: type, code: error?.code ?? null, message: describe(error) });
  }
};

/** Opens the tokenizer and the model, checks the model's inputs and makes one prediction to see its output. */
async function openModel(bytes, tokenizerText) {
  const tokenizer = readTokenizer(tokenizerText);
  const previous = model;
  model = null;
  await previous?.session.release?.();
  const session = await createSession(ort, bytes);
  const names = session.inputNames;
  const types = names.map((name, i) => (session.inputMetadata?.[i]?.isTensor ? session.inputMetadata[i].type : "unknown"));
  if (names.length < 1 || names.length > 2) throw new Error(`the model has ${names.length} inputs (${names.join(", ")}); the page feeds token ids and, optionally, an attention mask`);
  const integer = (type) => type === "int64" || type === "int32" || type === "unknown";
  const wrong = types.findIndex((type) => !integer(type));
  if (wrong >= 0) throw new Error(`its input ${names[wrong]} is ${types[wrong]}; the page feeds int64 or int32 token ids (and attention mask)`);
  const withMask = names.length === 2;
  const forward = queuedForward(onnxForward(session, ort.Tensor));
  let probe;
  try {
    probe = await explainText(forward, tokenizer, "a", { attentionMask: withMask, perturbationsPerEval: 1 });
  } catch (error) {
    throw new Error(`the model fails on one word: ${describe(error)}`);
  }
  model = { session, forward, tokenizer, withMask };
  post({ type: "model", inputs: names.map((name, i) => `${name} (${types[i]})`), output: session.outputNames[0], classes: probe.probabilities.length,
    vocab: tokenizer.vocab.length, pad: tokenizer.vocab[tokenizer.padId], unk: tokenizer.vocab[tokenizer.unkId], threads: ort.env.wasm.numThreads });
}

function readTokenizer(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the tokenizer file is not JSON (${error.message}); expected { vocab, pattern, pad, unk, … } as examples/text/tokenizer.json`);
  }
  return new WordTokenizer(json);
}

async function explain(id, text, options) {
  if (!model) throw new Error("no model is open");
  if (!text.trim()) throw new Error("type a sentence first: there are no words to explain");
  const { tokenizer, forward, withMask } = model;
  const controller = new AbortController();
  runs.set(id, controller);
  try {
    const baselineId = options.baseline === "unk" ? tokenizer.unkId : tokenizer.padId;
    const explanation = await explainText(forward, tokenizer, text, {
      classes: options.classes, target: options.target ?? undefined, window: options.window ?? undefined, baselineId,
      attentionMask: withMask, perturbationsPerEval: options.perturbationsPerEval,
      signal: controller.signal,
      showProgress: ({ done, total }) => post({ type: "progress", id, done, total }),
    });
    post({ type: "result", id, explanation: { ...explanation, baselineId } });
  } finally {
    runs.delete(id);
  }
}

function post(message) {
  self.postMessage(message);
}
