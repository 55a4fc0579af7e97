// explainText: one sentence from text to Captum's visualize_text record. Tokenize,
// predict once, attribute the predicted (or given) class by removing whole words
// (FeatureAblation with the word mask) or token n-grams (Occlusion, `window`), fold tokens into words and normalise them as Captum's text tutorials do (divided by
// their L2 norm; the record's score is the raw sum). The demo, the CLI's --text and the
// browser page all go through here, so they show the same numbers.
import { FeatureAblation, Occlusion, type AttributeOptions, type ForwardFunction } from "../index.ts";
import type { TextEncoding } from "./tokenizer.ts";
import { wordAttributionInputs } from "./word-mask.ts";
import { wordAttributions } from "./word-scores.ts";

/** The TextRecord fields visualizeText reads (occlusion-wasm/visualize), plus the raw numbers. */
export interface TextExplanation {
  wordAttributions: Float64Array;
  predProb: number;
  predClass: string | number;
  trueClass: string | number;
  attrClass: string | number;
  attrScore: number;
  rawInputIds: string[];
  /** The words' scores before normalisation (a word's ablation effect, or its tokens' Occlusion sum). */
  rawWordAttributions: Float64Array;
  /** Per-token attributions, `[tokens]`, and the encoding they belong to. */
  tokenAttributions: Float32Array;
  encoding: TextEncoding;
  /** The model's class probabilities (softmax of its output) for the text. */
  probabilities: Float64Array;
  predicted: number;
}

/** Options of `explainText`. */
export interface ExplainTextOptions {
  /** Class names, indexed by the model's output position. */
  classes?: readonly string[];
  /** Shown as the record's true label. Default "?". */
  trueClass?: string | number;
  /** Class to attribute. Default: the predicted class. */
  target?: number;
  /** The id occluded tokens become (pad, mask or unk). Default 0. */
  baselineId?: number;
  /** Occlude token n-grams (Occlusion, window [n]) instead of removing whole words (FeatureAblation, the default). */
  window?: number;
  /** Pass an all-ones attention mask as forward's second argument. Default true. */
  attentionMask?: boolean;
  perturbationsPerEval?: number | "auto";
  /** Progress of the attribution run, as in `attribute()` (the prediction call is not counted). */
  showProgress?: AttributeOptions["showProgress"];
  /** Stops the attribution run (`ABORTED`), as in `attribute()`; the browser page's Cancel uses it. */
  signal?: AttributeOptions["signal"];
}

/** The parts of a tokenizer explainText uses: WordTokenizer, or any with the same encode(). */
export interface TextTokenizerLike {
  /** The tokens of a text, with the word each belongs to. */
  encode(text: string): TextEncoding;
}

/**
 * Explains one sentence: tokenizes it, removes whole words (FeatureAblation over a word
 * mask; or token n-grams with `window`) and returns the word scores with a `visualizeText` record.
 */
export async function explainText(forward: ForwardFunction, tokenizer: TextTokenizerLike, text: string, options: ExplainTextOptions = {}): Promise<TextExplanation> {
  const encoding = tokenizer.encode(text);
  const { input, baselines, attentionMask, featureMask } = wordAttributionInputs(encoding, { baselineId: options.baselineId });
  const extra = options.attentionMask === false ? [] : [attentionMask];
  const logits = outputRow(await forward(input, ...extra));
  const probabilities = softmax(logits);
  const predicted = argmax(probabilities);
  const target = options.target ?? predicted;
  const common = { baselines, target, additionalForwardArgs: extra, perturbationsPerEval: options.perturbationsPerEval ?? 16,
    showProgress: options.showProgress, signal: options.signal };
  const attr = options.window === undefined
    ? await new FeatureAblation(forward).attribute(input, { ...common, featureMask })
    : await new Occlusion(forward).attribute(input, { ...common, slidingWindowShapes: [options.window] });
  // A removed word gives all its tokens one value (mean = it); n-gram tokens are summed.
  const raw = wordAttributions(attr, encoding, { reduce: options.window === undefined ? "mean" : "sum" });
  const norm = Math.hypot(...raw);
  const name = (k: number) => options.classes?.[k] ?? k;
  return {
    wordAttributions: raw.map((value) => (norm > 0 ? value / norm : 0)),
    predProb: probabilities[predicted],
    predClass: name(predicted),
    trueClass: options.trueClass ?? "?",
    attrClass: name(target),
    attrScore: raw.reduce((sum, value) => sum + value, 0),
    rawInputIds: encoding.words,
    rawWordAttributions: raw,
    tokenAttributions: attr.data,
    encoding,
    probabilities,
    predicted,
  };
}

function outputRow(output: unknown): ArrayLike<number> {
  const data = (output as { data?: unknown })?.data ?? output;
  return Array.from(data as ArrayLike<number | bigint>, Number);
}

function softmax(values: ArrayLike<number>): Float64Array {
  const most = Math.max(...Array.from(values));
  const exps = Float64Array.from(values, (value) => Math.exp(value - most));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

const argmax = (values: ArrayLike<number>) => Array.from(values).reduce((best, v, i, all) => (v > all[best] ? i : best), 0);
