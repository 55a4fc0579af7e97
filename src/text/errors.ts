// The codes the occlusion-wasm/text helpers throw OcclusionError with.

/** The `OcclusionError` codes of `occlusion-wasm/text`, each with a one-line description. */
export const TEXT_ERROR_CODES = {
  TEXT_TOKENIZER: "WordTokenizer: the tokenizer JSON lacks a vocab, a pattern or a special token",
  TEXT_ENCODING: "a text helper got token ids and word ids of different lengths, or word ids that are not null or non-negative integers",
  TEXT_ATTRIBUTIONS: "wordAttributions: the attributions do not give one value per token",
} as const;
