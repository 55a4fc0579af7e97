/**
 * occlusion-wasm/text helpers: WordTokenizer's word ids, the word feature mask and the
 * baselines that keep special tokens, per-word scores, and their OcclusionError codes.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OcclusionError } from "../src/index.ts";
import { WordTokenizer, wordAttributionInputs, wordAttributions } from "../src/text/index.ts";

const tokenizer = new WordTokenizer({
  vocab: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "don", "'", "t", "panic", "."],
  pattern: "[a-z0-9]+|[^a-z0-9\\s]", lowercase: true, pad: "[PAD]", unk: "[UNK]", cls: "[CLS]", sep: "[SEP]",
});

function throwsCode(run: () => unknown, code: string) {
  try {
    run();
  } catch (error) {
    assert.instance(error, OcclusionError);
    assert.is((error as OcclusionError).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test("WordTokenizer splits words into pieces and records each token's word", () => {
  const encoding = tokenizer.encode("Don't  PANIC, towel.");
  assert.equal(encoding.words, ["Don't", "PANIC,", "towel."]);
  assert.equal(encoding.tokens, ["[CLS]", "don", "'", "t", "panic", ",", "towel", ".", "[SEP]"]);
  assert.equal(Array.from(encoding.ids, Number), [2, 4, 5, 6, 7, 1, 1, 8, 3]);
  assert.equal(encoding.wordIds, [null, 0, 0, 0, 1, 1, 2, 2, null]);
});

test("wordAttributionInputs groups a word's tokens and keeps special tokens as they are", () => {
  const encoding = tokenizer.encode("Don't panic.");
  const made = wordAttributionInputs(encoding, { baselineId: 1 });
  assert.is(made.words, 2);
  assert.equal(Array.from(made.featureMask.data), [2, 0, 0, 0, 1, 1, 2]);
  assert.equal(Array.from(made.baselines.data, Number), [2, 1, 1, 1, 1, 1, 3]);
  assert.equal(Array.from(made.input.data as BigInt64Array), Array.from(encoding.ids));
  assert.instance(made.input.data, BigInt64Array);
  assert.equal(Array.from(made.attentionMask.data, Number), [1, 1, 1, 1, 1, 1, 1]);
  assert.equal(made.featureMask.shape, [1, 7]);
});

test("occludeSpecial gives each special token its own feature and the baseline id", () => {
  const made = wordAttributionInputs(tokenizer.encode("Don't panic."), { occludeSpecial: true });
  assert.equal(Array.from(made.featureMask.data), [2, 0, 0, 0, 1, 1, 3]);
  assert.equal(Array.from(made.baselines.data, Number), [0, 0, 0, 0, 0, 0, 0]);
});

test("Int32Array ids (int32 models) stay Int32Array; plain ids become int64", () => {
  const made = wordAttributionInputs({ ids: Int32Array.of(2, 9, 3), wordIds: [null, 0, null] });
  assert.instance(made.input.data, Int32Array);
  assert.instance(made.baselines.data, Int32Array);
  assert.instance(wordAttributionInputs({ ids: [2, 9, 3], wordIds: [null, 0, null] }).input.data, BigInt64Array);
});

test("wordAttributions folds token values per word (mean, sum, max) and skips special tokens", () => {
  const tokens = tokenizer.encode("Don't panic.");
  const values = [9, 1, 2, 6, -1, -3, 9];
  const reference = (combine: (xs: number[]) => number) =>
    [0, 1].map((w) => combine(values.filter((_, t) => tokens.wordIds[t] === w)));
  assert.equal(Array.from(wordAttributions(values, tokens)), reference((xs) => xs.reduce((a, b) => a + b) / xs.length));
  assert.equal(Array.from(wordAttributions({ data: Float32Array.from(values) }, tokens, { reduce: "sum" })), reference((xs) => xs.reduce((a, b) => a + b)));
  assert.equal(Array.from(wordAttributions(values, tokens, { reduce: "max" })), reference((xs) => Math.max(...xs)));
});

test("bad tokenizers, encodings and attributions are OcclusionErrors with text codes", () => {
  throwsCode(() => new WordTokenizer({} as never), "TEXT_TOKENIZER");
  throwsCode(() => new WordTokenizer({ vocab: ["a"], pattern: ".", pad: "[PAD]", unk: "a" }), "TEXT_TOKENIZER");
  throwsCode(() => wordAttributionInputs({ ids: [1, 2], wordIds: [0] }), "TEXT_ENCODING");
  throwsCode(() => wordAttributionInputs({ ids: [1, 2], wordIds: [0, -1] }), "TEXT_ENCODING");
  throwsCode(() => wordAttributionInputs({ ids: [1, 2], wordIds: [0, 1] }, { baselineId: 0.5 }), "TEXT_ENCODING");
  throwsCode(() => wordAttributions([1, 2], { ids: [1, 2, 3], wordIds: [null, 0, null] }), "TEXT_ATTRIBUTIONS");
});

test.run();
