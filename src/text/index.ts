// occlusion-wasm/text: word-level attribution for text models. Tokenize (WordTokenizer or
// any tokenizer's ids and word ids), build the word feature mask and baselines
// (wordAttributionInputs), run FeatureAblation or Occlusion, fold tokens into words
// (wordAttributions) and show them with visualizeText. Zero runtime dependencies.
export { WordTokenizer, type WordTokenizerJSON, type TextEncoding } from "./tokenizer.ts";
export { wordAttributionInputs, type TokensLike, type WordMaskOptions, type WordAttributionInputs } from "./word-mask.ts";
export { wordAttributions, type WordScoreOptions } from "./word-scores.ts";
export { TEXT_ERROR_CODES } from "./errors.ts";
export { explainText, type ExplainTextOptions, type TextExplanation, type TextTokenizerLike } from "./explain.ts";
