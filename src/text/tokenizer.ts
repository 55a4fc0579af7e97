// WordTokenizer: the word-level tokenizer of a tokenizer.json such as
// examples/text/tokenizer.json. Words are whitespace-separated; each word splits into
// pieces by the JSON's pattern (so "don't" may be three tokens of one word), and the
// encoding keeps which word each token came from, as Hugging Face's word_ids() does.
import { OcclusionError } from "../index.ts";

/** The JSON a WordTokenizer reads. */
export interface WordTokenizerJSON {
  vocab: readonly string[];
  /** A regular expression matching one token inside a word. */
  pattern: string;
  lowercase?: boolean;
  pad: string;
  unk: string;
  cls?: string;
  sep?: string;
}

/** A tokenized text: ids as onnxruntime's int64, and the word each token belongs to. */
export interface TextEncoding {
  /** `[CLS] tokens… [SEP]` as int64 token ids. */
  ids: BigInt64Array;
  /** The token strings, special tokens included. */
  tokens: string[];
  /** The word index of each token; null for special tokens. */
  wordIds: (number | null)[];
  /** The words of the text as written (whitespace-separated). */
  words: string[];
}

/** A word-level tokenizer from a vocabulary (`WordTokenizerJSON`): words split into pieces, with the word each token belongs to. */
export class WordTokenizer {
  readonly vocab: readonly string[];
  readonly padId: number;
  readonly unkId: number;
  readonly clsId: number | null;
  readonly sepId: number | null;
  readonly #index: Map<string, number>;
  readonly #pattern: RegExp;
  readonly #lowercase: boolean;

  /** A tokenizer from its JSON (the vocabulary and special tokens); `TEXT_TOKENIZER` when it is malformed. */
  constructor(json: WordTokenizerJSON) {
    if (!Array.isArray(json?.vocab) || typeof json.pattern !== "string") {
      throw new OcclusionError("TEXT_TOKENIZER", "WordTokenizer: expected { vocab: string[], pattern: string, pad, unk, … } (a tokenizer.json)");
    }
    this.vocab = json.vocab;
    this.#index = new Map(json.vocab.map((token, id) => [token, id]));
    this.#pattern = new RegExp(json.pattern, "gu");
    this.#lowercase = json.lowercase ?? false;
    this.padId = this.#id(json.pad, "pad");
    this.unkId = this.#id(json.unk, "unk");
    this.clsId = json.cls === undefined ? null : this.#id(json.cls, "cls");
    this.sepId = json.sep === undefined ? null : this.#id(json.sep, "sep");
  }

  #id(token: string, role: string): number {
    const id = this.#index.get(token);
    if (id === undefined) throw new OcclusionError("TEXT_TOKENIZER", `WordTokenizer: the ${role} token ${JSON.stringify(token)} is not in the vocab`);
    return id;
  }

  /** Token ids with the word of each token; [CLS]/[SEP] around them when the tokenizer has them. */
  encode(text: string): TextEncoding {
    const words = text.split(/\s+/u).filter((word) => word.length > 0);
    const tokens: string[] = [];
    const wordIds: (number | null)[] = [];
    const ids: number[] = [];
    const special = (id: number | null) => {
      if (id === null) return;
      tokens.push(this.vocab[id]);
      wordIds.push(null);
      ids.push(id);
    };
    special(this.clsId);
    words.forEach((word, index) => {
      for (const piece of (this.#lowercase ? word.toLowerCase() : word).match(this.#pattern) ?? []) {
        tokens.push(piece);
        wordIds.push(index);
        ids.push(this.#index.get(piece) ?? this.unkId);
      }
    });
    special(this.sepId);
    return { ids: BigInt64Array.from(ids, BigInt), tokens, wordIds, words };
  }
}
