// From a tokenized text to what FeatureAblation / Occlusion need to attribute words:
// a feature mask grouping each word's tokens, and a baseline that replaces a token by
// the pad (or mask, unk) id but leaves special tokens as they are, so they are never
// occluded: their own feature then changes nothing and gets attribution 0 (Captum has
// no "skip" id, so this is also how the Captum goldens exclude them).
import { OcclusionError } from "../index.ts";

/** The parts of a tokenization the helpers read (a TextEncoding or a Hugging Face-style encoding). */
export interface TokensLike {
  ids: BigInt64Array | Int32Array | readonly number[];
  /** The word index of each token; null (or undefined) for special tokens. */
  wordIds: readonly (number | null | undefined)[];
}

/** Options of `wordAttributionInputs`. */
export interface WordMaskOptions {
  /** The id occluded tokens become: a pad, mask or unk id. Default 0. */
  baselineId?: number;
  /** Occlude special tokens too (each its own feature). Default false. */
  occludeSpecial?: boolean;
}

type Ids = { data: BigInt64Array | Int32Array; shape: [1, number] };

/** Batch-of-one tensors for `attribute(input, { featureMask, baselines, additionalForwardArgs })`. */
export interface WordAttributionInputs {
  /** The token ids, `[1, tokens]`, int64 unless given as Int32Array. */
  input: Ids;
  /** Word index per token, `[1, tokens]`; special tokens share the id `words` (or get their own ids after it when occluded). */
  featureMask: { data: Int32Array; shape: [1, number] };
  /** The baseline id per token, `[1, tokens]`: `baselineId`, or the token itself where it is not occluded. */
  baselines: Ids;
  /** An all-ones attention mask, `[1, tokens]`, of the ids' type: pass it in additionalForwardArgs if the model takes one. */
  attentionMask: Ids;
  /** How many words the text has (feature ids 0 .. words - 1). */
  words: number;
}

/** Feature mask, baselines and attention mask that make FeatureAblation remove whole words. */
export function wordAttributionInputs(tokens: TokensLike, options: WordMaskOptions = {}): WordAttributionInputs {
  const { ids, wordIds } = checkTokens(tokens, "wordAttributionInputs");
  const baselineId = options.baselineId ?? 0;
  if (!Number.isSafeInteger(baselineId)) {
    throw new OcclusionError("TEXT_ENCODING", `wordAttributionInputs: baselineId must be an integer token id, got ${String(baselineId)}`);
  }
  const count = ids.length;
  const words = wordIds.reduce<number>((most, word) => (word == null ? most : Math.max(most, word + 1)), 0);
  const featureMask = new Int32Array(count);
  const base: number[] = new Array(count);
  let nextSpecial = words;
  for (let t = 0; t < count; t++) {
    const word = wordIds[t];
    const special = word == null;
    featureMask[t] = special ? (options.occludeSpecial ? nextSpecial++ : words) : word;
    base[t] = special && !options.occludeSpecial ? Number(ids[t]) : baselineId;
  }
  const int64 = !(ids instanceof Int32Array);
  const make = (values: ArrayLike<number>): Ids => ({
    data: int64 ? BigInt64Array.from(Array.from(values), BigInt) : Int32Array.from(values),
    shape: [1, count],
  });
  return {
    input: make(Array.from(ids, Number)),
    featureMask: { data: featureMask, shape: [1, count] },
    baselines: make(base),
    attentionMask: make(new Array<number>(count).fill(1)),
    words,
  };
}

export function checkTokens(tokens: TokensLike, where: string): TokensLike {
  const ids = tokens?.ids;
  const wordIds = tokens?.wordIds;
  if (!ids || !Array.isArray(wordIds) || ids.length !== wordIds.length) {
    throw new OcclusionError("TEXT_ENCODING", `${where}: expected { ids, wordIds } of equal length (one word id per token, null for special tokens), got ${ids?.length ?? "no"} ids and ${Array.isArray(wordIds) ? wordIds.length : "no"} word ids`);
  }
  const bad = wordIds.findIndex((word) => word != null && !(Number.isSafeInteger(word) && word >= 0));
  if (bad >= 0) throw new OcclusionError("TEXT_ENCODING", `${where}: wordIds[${bad}] is ${String(wordIds[bad])}; expected a non-negative integer or null`);
  return tokens;
}
