/**
 * The committed text model (examples/text) in JavaScript: the shipped tokenizer gives
 * Python's ids, onnxruntime-web gives PyTorch's logits and the held-out accuracy that
 * metrics.json reports, and Occlusion over int64 token ids through onnxForward (the
 * attention mask in additionalForwardArgs) matches Captum's goldens.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ort from "onnxruntime-web";
import { FeatureAblation, Occlusion } from "../src/index.ts";
import { onnxForward } from "../src/adapters/index.ts";
import { explainText, wordAttributionInputs, wordAttributions } from "../src/text/index.ts";
import { createTextSession, readData, readGoldens, readHeldOut, readMetrics, readTokenizer } from "./support/text-model.ts";

const LOGIT_TOLERANCE = 1e-4;
const ATTR_TOLERANCE = 1e-4;
const session = await createTextSession();

const argmax = (row: ArrayLike<number>) => Array.from(row).reduce((best, v, i, all) => (v > all[best] ? i : best), 0);
const tensor = (type: "int64", ids: readonly number[], rows = 1) =>
  new ort.Tensor(type, BigInt64Array.from(ids, BigInt), [rows, ids.length / rows]);

test("WordTokenizer gives the ids Python's tokenizer gave for every held-out sentence", async () => {
  const [tokenizer, data, heldOut] = await Promise.all([readTokenizer(), readData(), readHeldOut()]);
  assert.is(heldOut.length, data.test.length);
  data.test.forEach((item, n) => {
    assert.equal(Array.from(tokenizer.encode(item.text).ids, Number), heldOut[n].ids, item.text);
  });
});

test("onnxruntime-web reproduces PyTorch's logits and the reported held-out accuracy", async () => {
  const [heldOut, metrics] = await Promise.all([readHeldOut(), readMetrics()]);
  let correct = 0;
  for (const row of heldOut) {
    const feeds = { input_ids: tensor("int64", row.ids), attention_mask: tensor("int64", row.ids.map(() => 1)) };
    const logits = (await session.run(feeds)).logits.data as Float32Array;
    row.logits.forEach((expected, k) => assert.ok(Math.abs(logits[k] - expected) <= LOGIT_TOLERANCE, `logit ${k}: ${logits[k]} vs ${expected}`));
    if (argmax(logits) === row.label) correct++;
  }
  assert.is(heldOut.length, metrics.testSize);
  assert.ok(Math.abs(correct / heldOut.length - metrics.testAccuracy) < 1e-3, `accuracy ${correct / heldOut.length} vs reported ${metrics.testAccuracy}`);
  assert.ok(correct / heldOut.length > 0.6, "well above the majority class (38%)");
});

test("onnxForward reads int64 from the model's input metadata, else from inputTypes", async () => {
  const { input, attentionMask } = wordAttributionInputs((await readTokenizer()).encode("Politics is war."));
  const float = { data: Float32Array.from(input.data, Number), shape: input.shape };
  const mask = { data: Float32Array.from(attentionMask.data, Number), shape: attentionMask.shape };
  const direct = await session.run({ input_ids: new ort.Tensor("int64", input.data, input.shape), attention_mask: new ort.Tensor("int64", attentionMask.data, attentionMask.shape) });
  const viaMetadata = (await onnxForward(session, ort.Tensor)(float, mask)) as ort.Tensor;
  assert.equal(Array.from(viaMetadata.data as Float32Array), Array.from(direct.logits.data as Float32Array));
  const noMetadata = { inputNames: session.inputNames, outputNames: session.outputNames, run: (f: Record<string, ort.Tensor>) => session.run(f) };
  const typed = (await onnxForward(noMetadata, ort.Tensor, { inputTypes: { input_ids: "int64", attention_mask: "int64" } })(float, mask)) as ort.Tensor;
  assert.equal(Array.from(typed.data as Float32Array), Array.from(direct.logits.data as Float32Array));
  try {
    await onnxForward(noMetadata, ort.Tensor)(float, mask);
    assert.unreachable("float ids reach an int64 model without metadata or inputTypes");
  } catch (error) {
    assert.match(String((error as Error).message), /int64/);
  }
});

test("onnxForward feeds int64 ids and repeats the attention mask per perturbation", async () => {
  const seen: { type: string; dims: readonly number[] }[] = [];
  const spy = { inputNames: session.inputNames, outputNames: session.outputNames, inputMetadata: session.inputMetadata,
    run: (feeds: Record<string, ort.Tensor>) => {
      for (const t of Object.values(feeds)) seen.push({ type: t.type, dims: t.dims });
      return session.run(feeds);
    } };
  const { input, attentionMask } = wordAttributionInputs((await readTokenizer()).encode("Computers are fast."));
  await new Occlusion(onnxForward(spy, ort.Tensor)).attribute(input, {
    slidingWindowShapes: [1], baselines: 0, target: 0, additionalForwardArgs: [attentionMask], perturbationsPerEval: 3,
  });
  const tokens = input.shape[1];
  assert.ok(seen.length > 2);
  assert.ok(seen.every((t) => t.type === "int64"), "both inputs int64");
  assert.equal(seen[0].dims, [1, tokens]);
  assert.equal(seen[2].dims, [3, tokens], "ids: 3 perturbed copies");
  assert.equal(seen[3].dims, [3, tokens], "attention mask repeated 3 times");
});

test("Occlusion over token ids matches Captum on the 20 golden sentences (windows 1 and 3)", async () => {
  const goldens = await readGoldens();
  assert.ok(goldens.cases.length >= 20);
  const occlusion = new Occlusion(onnxForward(session, ort.Tensor));
  for (const c of goldens.cases) {
    const tokens = c.ids.length;
    const wordIds = c.featureMask.map((id, t) => (t === 0 || t === tokens - 1 ? null : id));
    const { input, baselines, attentionMask } = wordAttributionInputs({ ids: c.ids, wordIds }, { baselineId: goldens.baselineId });
    for (const [width, expected] of Object.entries(c.occlusion)) {
      const attr = await occlusion.attribute(input, {
        slidingWindowShapes: [Number(width)], baselines, target: c.target,
        additionalForwardArgs: [attentionMask], perturbationsPerEval: goldens.perturbationsPerEval,
      });
      assert.equal(attr.shape, [1, tokens]);
      expected.forEach((value, t) => assert.ok(Math.abs(attr.data[t] - value) <= ATTR_TOLERANCE,
        `${c.text} window ${width} token ${t}: ${attr.data[t]} vs Captum ${value}`));
      if (width === "1") assert.is(attr.data[0], 0, "[CLS] never changed: no effect of its own");
    }
  }
});

test("FeatureAblation with the word mask matches Captum on the 20 golden sentences (int64 ids)", async () => {
  const goldens = await readGoldens();
  const ablation = new FeatureAblation(onnxForward(session, ort.Tensor));
  for (const c of goldens.cases) {
    const tokens = c.ids.length;
    const wordIds = c.featureMask.map((id, t) => (t === 0 || t === tokens - 1 ? null : id));
    const made = wordAttributionInputs({ ids: c.ids, wordIds }, { baselineId: goldens.baselineId });
    assert.equal(Array.from(made.featureMask.data), c.featureMask, "the helper's mask is the golden script's");
    assert.instance(made.input.data, BigInt64Array);
    const attr = await ablation.attribute(made.input, {
      featureMask: made.featureMask, baselines: made.baselines, target: c.target,
      additionalForwardArgs: [made.attentionMask], perturbationsPerEval: goldens.perturbationsPerEval,
    });
    assert.equal(attr.shape, [1, tokens]);
    c.featureAblation.forEach((value, t) => assert.ok(Math.abs(attr.data[t] - value) <= ATTR_TOLERANCE,
      `${c.text} token ${t}: ${attr.data[t]} vs Captum ${value}`));
    assert.is(attr.data[0], 0, "[CLS]/[SEP] never changed");
    assert.is(attr.data[tokens - 1], 0);
  }
});

test("explainText: the prediction, and Captum's word FeatureAblation (or window-3 Occlusion summed per word), L2-normalised", async () => {
  const [goldens, tokenizer, data] = await Promise.all([readGoldens(), readTokenizer(), readData()]);
  const forward = onnxForward(session, ort.Tensor);
  for (const c of goldens.cases.slice(0, 5)) {
    const record = await explainText(forward, tokenizer, c.text, { classes: data.classes, trueClass: data.classes[c.label] });
    assert.is(record.predicted, c.target);
    assert.is(record.predClass, data.classes[c.target]);
    assert.equal(record.rawInputIds, c.text.split(/\s+/));
    const perWord = wordAttributions(c.featureAblation, record.encoding, { reduce: "mean" });
    const norm = Math.hypot(...perWord);
    perWord.forEach((value, w) => assert.ok(Math.abs(record.wordAttributions[w] - value / norm) <= 1e-4, `${c.text} word ${w}`));
    const ngram = await explainText(forward, tokenizer, c.text, { window: 3 });
    const perWord3 = wordAttributions(c.occlusion["3"], record.encoding, { reduce: "sum" });
    perWord3.forEach((value, w) => assert.ok(Math.abs(ngram.rawWordAttributions[w] - value) <= 1e-4, `${c.text} 3-gram word ${w}`));
    const softmaxTop = Math.exp(c.logits[c.target]) / c.logits.reduce((sum, v) => sum + Math.exp(v), 0);
    assert.ok(Math.abs(record.predProb - softmaxTop) <= 1e-5);
  }
});

test("explainText reports the attribution run's progress and stops on its signal (ABORTED)", async () => {
  const [tokenizer, data] = await Promise.all([readTokenizer(), readData()]);
  const forward = onnxForward(session, ort.Tensor);
  const text = data.test[1].text;
  const words = tokenizer.encode(text).words.length;
  const seen: { done: number; total: number }[] = [];
  await explainText(forward, tokenizer, text, { perturbationsPerEval: 1, showProgress: (p) => void seen.push(p) });
  assert.ok(seen.length > 0 && seen.at(-1)!.done === seen.at(-1)!.total && seen.at(-1)!.total >= words, JSON.stringify(seen.at(-1)));
  const controller = new AbortController();
  let calls = 0;
  const stopping = (...args: Parameters<typeof forward>) => (++calls === 3 && controller.abort(), forward(...args));
  const error = await explainText(stopping, tokenizer, text, { perturbationsPerEval: 1, signal: controller.signal }).then(() => null, (e) => e);
  assert.is(error?.code, "ABORTED");
  assert.ok(calls < words, `stopped after ${calls} of ${words + 1} calls`);
});

test.run();
