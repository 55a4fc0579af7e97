// explainText: one sentence from text to Captum's visualize_text record. Tokenize,
// predict once, attribute the predicted (or given) class with word-level perturbations,
// fold tokens into words and normalise them as Captum's text tutorials do (divided by
// their L2 norm; the record's score is the raw sum). The demo, the CLI's --text and the
// browser page all go through here, so they show the same numbers.
import { Occlusion, type ForwardFunction } from "../index.ts";
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
  /** The words' scores before normalisation (sum of token attributions per word). */
  rawWordAttributions: Float64Array;
  /** Per-token attributions, `[tokens]`, and the encoding they belong to. */
  tokenAttributions: Float32Array;
  encoding: TextEncoding;
  /** The model's class probabilities (softmax of its output) for the text. */
  probabilities: Float64Array;
  predicted: number;
}

export interface ExplainTextOptions {
  /** Class names, indexed by the model's output position. */
  classes?: readonly string[];
  /** Shown as the record's true label. Default "?". */
  trueClass?: string | number;
  /** Class to attribute. Default: the predicted class. */
  target?: number;
  /** The id occluded tokens become (pad, mask or unk). Default 0. */
  baselineId?: number;
  /** Tokens occluded together: 1 (each token) or n for n-grams (Occlusion's window [n]). Default 1. */
  window?: number;
  /** Pass an all-ones attention mask as forward's second argument. Default true. */
  attentionMask?: boolean;
  perturbationsPerEval?: number;
}

/** The parts of a tokenizer explainText uses: WordTokenizer, or any with the same encode(). */
export interface TextTokenizerLike { encode(text: string): TextEncoding }

export async function explainText(forward: ForwardFunction, tokenizer: TextTokenizerLike, text: string, options: ExplainTextOptions = {}): Promise<TextExplanation> {
  const encoding = tokenizer.encode(text);
  const { input, baselines, attentionMask } = wordAttributionInputs(encoding, { baselineId: options.baselineId });
  const extra = options.attentionMask === false ? [] : [attentionMask];
  const logits = outputRow(await forward(input, ...extra));
  const probabilities = softmax(logits);
  const predicted = argmax(probabilities);
  const target = options.target ?? predicted;
  const attr = await new Occlusion(forward).attribute(input, {
    slidingWindowShapes: [options.window ?? 1], baselines, target, additionalForwardArgs: extra,
    perturbationsPerEval: options.perturbationsPerEval ?? 16,
  });
  const raw = wordAttributions(attr, encoding, { reduce: "sum" });
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
