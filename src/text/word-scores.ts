// Per-token attributions folded into one score per word, for display (visualizeText)
// and ranking: FeatureAblation gives every token of a word the same value (mean = it),
// Occlusion over tokens gives each token its own (sum or mean over the word's tokens).
import { OcclusionError } from "../index.ts";
import { checkTokens, type TokensLike } from "./word-mask.ts";

/** Options of `wordAttributions`. */
export interface WordScoreOptions {
  /** How a word's token values combine. Default "mean". */
  reduce?: "mean" | "sum" | "max";
}

/** One score per word from attributions with one value per token (shape `[1, tokens]` or `[tokens]`). */
export function wordAttributions(
  attributions: ArrayLike<number> | { data: ArrayLike<number> },
  tokens: TokensLike,
  options: WordScoreOptions = {},
): Float64Array {
  const { wordIds } = checkTokens(tokens, "wordAttributions");
  const values = "data" in attributions ? attributions.data : attributions;
  if (values?.length !== wordIds.length) {
    throw new OcclusionError("TEXT_ATTRIBUTIONS", `wordAttributions: expected one attribution per token (${wordIds.length}), got ${values?.length ?? "none"}`);
  }
  const words = wordIds.reduce<number>((most, word) => (word == null ? most : Math.max(most, word + 1)), 0);
  const reduce = options.reduce ?? "mean";
  const scores = new Float64Array(words).fill(reduce === "max" ? -Infinity : 0);
  const counts = new Float64Array(words);
  wordIds.forEach((word, t) => {
    if (word == null) return;
    scores[word] = reduce === "max" ? Math.max(scores[word], values[t]) : scores[word] + values[t];
    counts[word]++;
  });
  for (let w = 0; w < words; w++) {
    if (counts[w] === 0) scores[w] = 0;
    else if (reduce === "mean") scores[w] /= counts[w];
  }
  return scores;
}
