/**
 * Captum's `VisualizationDataRecord` for text attributions and the rules its
 * `visualize_text` draws with (captum/attr/_utils/visualization.py): a word's colour
 * from its attribution (`_get_color`), special tokens such as `<pad>` shown as `#pad`
 * (`format_special_tokens`), and numbers shown as Python's `"{:.2f}"`.
 */
import { OcclusionError } from "../index.ts";
import { describe } from "./layout.ts";
import { readTensor } from "./tensor-like.ts";
import type { TensorLike } from "./types.ts";

/** One row of `visualizeText`: Captum's `VisualizationDataRecord`, in JS spelling. */
export interface TextRecord {
  /** One attribution per word, normally in [-1, 1] (values beyond are clipped, as Captum). */
  wordAttributions: ArrayLike<number> | TensorLike;
  /** The predicted class's probability (shown as "label (0.93)"). */
  predProb: number;
  predClass: string | number;
  trueClass: string | number;
  /** The class the attributions are for. */
  attrClass: string | number;
  /** Shown with two decimals; Captum's examples pass the attributions' sum. */
  attrScore: number;
  /** The words (tokens); at most as many as `wordAttributions`. */
  rawInputIds: readonly string[];
  /** Kept for Captum parity; `visualize_text` does not show it either. */
  convergenceScore?: number | null;
}

/** Captum's positional constructor, `VisualizationDataRecord(word_attributions, pred_prob, …)`. */
export function visualizationDataRecord(
  wordAttributions: TextRecord["wordAttributions"],
  predProb: number,
  predClass: string | number,
  trueClass: string | number,
  attrClass: string | number,
  attrScore: number,
  rawInputIds: readonly string[],
  convergenceScore: number | null = null,
): TextRecord {
  return { wordAttributions, predProb, predClass, trueClass, attrClass, attrScore, rawInputIds, convergenceScore };
}

/**
 * A word's background, as Captum's `_get_color`: green for positive, red otherwise,
 * lighter when small. `float32`: the value came from a float32 tensor, whose products
 * torch rounds to float32 (50 × 0.9f is 45, where 50 × 0.9 in float64 truncates to 44).
 */
export function textAttrColor(value: number, float32 = false): { hue: 0 | 120; saturation: 75; lightness: number; css: string } {
  const clipped = Math.max(-1, Math.min(1, value));
  const hue = clipped > 0 ? 120 : 0;
  const times = (factor: number) => (float32 ? Math.fround(factor * clipped) : factor * clipped);
  // Python's int() truncates toward zero; positives reach 50 % lightness, negatives 60 %.
  const lightness = clipped > 0 ? 100 - Math.trunc(times(50)) : 100 - Math.trunc(times(-40));
  return { hue, saturation: 75, lightness, css: `hsl(${hue}, 75%, ${lightness}%)` };
}

/** `hsl(h, s%, l%)` as 0..255 RGB (CSS Color 4's conversion). */
export function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const s = saturation / 100;
  const l = lightness / 100;
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    // The epsilon keeps exact halves (76.5) from landing below them through float error.
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))) + 1e-9);
  };
  return [channel(0), channel(8), channel(4)];
}

/** Captum's `format_special_tokens`: `<pad>` becomes `#pad`. */
export function formatSpecialToken(token: string): string {
  return token.startsWith("<") && token.endsWith(">") ? "#" + token.replace(/^[<>]+|[<>]+$/g, "") : token;
}

/** Python's `"{:.2f}".format(x)`: like toFixed(2), but exact ties (odd eighths) round half to even. */
export function twoDecimals(value: number): string {
  const eighths = Math.abs(value) * 8;
  if (Number.isInteger(eighths) && eighths % 2 === 1) {
    const hundredths = Math.floor(Math.abs(value) * 100); // x.x5 exactly: pick the even neighbour
    const even = hundredths % 2 === 0 ? hundredths : hundredths + 1;
    return `${value < 0 ? "-" : ""}${(even / 100).toFixed(2)}`;
  }
  return value.toFixed(2);
}

/** A record's words paired with their attributions, checked as Captum asserts (and for NaN). */
export function wordsOf(record: TextRecord, index: number): { word: string; value: number; float32: boolean }[] {
  const where = `records[${index}]`;
  if (record === null || typeof record !== "object" || !Array.isArray(record.rawInputIds)) {
    throw new OcclusionError("VIS_TEXT_RECORD", `${where}: expected a record with rawInputIds (an array of words), received ${describe(record)}`);
  }
  for (const name of ["predProb", "attrScore"] as const) {
    if (typeof record[name] !== "number") {
      throw new OcclusionError("VIS_TEXT_RECORD", `${where}.${name}: expected a number, received ${describe(record[name])}`);
    }
  }
  const raw = record.wordAttributions;
  const values = raw !== null && typeof raw === "object" && ("shape" in raw || "dims" in raw) ? oneDim(raw as TensorLike, where) : raw;
  if (values == null || typeof (values as ArrayLike<number>).length !== "number") {
    throw new OcclusionError("VIS_TEXT_RECORD", `${where}.wordAttributions: expected numbers or a 1-d tensor, received ${describe(raw)}`);
  }
  const words = record.rawInputIds;
  const attributions = values as ArrayLike<number>;
  const float32 = attributions instanceof Float32Array;
  if (words.length > attributions.length) {
    throw new OcclusionError("VIS_TEXT_RECORD", `${where}: ${words.length} words but only ${attributions.length} attributions (need one per word)`);
  }
  return words.map((word, i) => {
    const value = Number(attributions[i]);
    if (Number.isNaN(value)) throw new OcclusionError("VIS_TEXT_RECORD", `${where}.wordAttributions[${i}] is NaN (word ${JSON.stringify(String(word))})`);
    return { word: String(word), value, float32 };
  });
}

function oneDim(tensor: TensorLike, where: string): ArrayLike<number> {
  const { data, shape } = readTensor(tensor, `${where}.wordAttributions`);
  const length = shape.filter((size) => size !== 1).length;
  if (length > 1) {
    throw new OcclusionError("VIS_TEXT_RECORD", `${where}.wordAttributions: expected a 1-d tensor (one value per word), received shape [${shape.join(", ")}]`);
  }
  return data;
}
