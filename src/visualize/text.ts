/**
 * `visualizeText`: Captum's `visualize_text` — a table of records (true label, predicted
 * label and probability, attributed label, attribution score, the words highlighted
 * green or red by their attribution) with a legend — as an HTML string, and
 * `visualizeTextAnsi` for a terminal (24-bit colour backgrounds, or plain text).
 * Colours and formatting follow text-record.ts; unlike Captum, text is HTML-escaped
 * and rows are closed (`</tr>`), so a word such as `<b>` cannot break the page.
 */
import { formatSpecialToken, hslToRgb, textAttrColor, twoDecimals, wordsOf, type TextRecord } from "./text-record.ts";

/** Options of `visualizeText` (HTML). */
export interface TextOptions {
  /** Show the Negative / Neutral / Positive legend (Captum's `legend`). Default true. */
  legend?: boolean;
}

/** Options of `visualizeTextAnsi` (terminal text). */
export interface AnsiTextOptions extends TextOptions {
  /** Colour backgrounds (true) or plain words with their values (false). Default: stdout is a terminal and NO_COLOR is unset. */
  color?: boolean;
}

const LEGEND: [number, string][] = [[-1, "Negative"], [0, "Neutral"], [1, "Positive"]];
const HEADERS = ["True Label", "Predicted Label", "Attribution Label", "Attribution Score", "Word Importance"];

/** Captum's `visualize_text` as an HTML string (a `<table>`; put it in a page or a notebook). */
export function visualizeText(records: TextRecord | Iterable<TextRecord>, options: TextOptions = {}): string {
  const rows = listOf(records).map((record, index) => {
    const words = wordsOf(record, index).map(({ word, value, float32 }) =>
      `<mark style="background-color: ${textAttrColor(value, float32).css}; opacity:1.0; line-height:1.75"><span style="color: black"> ${escapeHtml(formatSpecialToken(word))} </span></mark>`);
    const cells = labelsOf(record).map((label) => `<td><span style="padding-right:2em"><b>${escapeHtml(label)}</b></span></td>`);
    return `<tr>${cells.join("")}<td>${words.join("")}</td></tr>`;
  });
  const legend = options.legend === false ? "" :
    `<div style="border-top: 1px solid; margin-top: 5px; padding-top: 5px; display: inline-block"><b>Legend: </b>` +
    LEGEND.map(([value, label]) =>
      `<span style="display: inline-block; width: 10px; height: 10px; border: 1px solid; background-color: ${textAttrColor(value).css}"></span> ${label}  `).join("") +
    "</div>";
  const head = `<tr>${HEADERS.map((header) => `<th>${header}</th>`).join("")}</tr>`;
  return `<table style="width: 100%">${legend}${head}${rows.join("")}</table>`;
}

/** The same table for a terminal: one block per record, words on coloured backgrounds. */
export function visualizeTextAnsi(records: TextRecord | Iterable<TextRecord>, options: AnsiTextOptions = {}): string {
  const color = options.color ?? colorByDefault();
  const lines: string[] = [];
  if (options.legend !== false) {
    lines.push("Legend: " + LEGEND.map(([value, label]) => (color ? `${background(value, false, "  ")} ${label}` : `${label} (${signed(value)})`)).join("  "));
  }
  listOf(records).forEach((record, index) => {
    const checked = wordsOf(record, index);
    const [trueLabel, predicted, attributed, score] = labelsOf(record).map(safeText);
    lines.push(`True: ${trueLabel}  Predicted: ${predicted}  Attributed: ${attributed}  Score: ${score}`);
    const words = checked.map(({ word, value, float32 }) => {
      const text = safeText(formatSpecialToken(word));
      return color ? background(value, float32, ` ${text} `) : `${text}(${signed(value)})`;
    });
    lines.push(words.join(color ? "" : " "));
  });
  return lines.join("\n") + "\n";
}

function labelsOf(record: TextRecord): string[] {
  return [String(record.trueClass), `${record.predClass} (${twoDecimals(record.predProb)})`, String(record.attrClass), twoDecimals(record.attrScore)];
}

function listOf(records: TextRecord | Iterable<TextRecord>): TextRecord[] {
  const iterable = records !== null && typeof records === "object" && Symbol.iterator in records;
  return iterable ? [...(records as Iterable<TextRecord>)] : [records as TextRecord];
}

// Black text on the word's colour, then a reset.
function background(value: number, float32: boolean, text: string): string {
  const { hue, saturation, lightness } = textAttrColor(value, float32);
  const [r, g, b] = hslToRgb(hue, saturation, lightness);
  return `\u001b[48;2;${r};${g};${b}m\u001b[38;2;0;0;0m${text}\u001b[0m`;
}

const signed = (value: number) => (value > 0 ? "+" : value < 0 ? "-" : "") + twoDecimals(Math.abs(value));

// Words come from tokenizers and users: no terminal control sequences pass through.
const safeText = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "\ufffd");

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function colorByDefault(): boolean {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined>; stdout?: { isTTY?: boolean } } }).process;
  if (!process?.stdout?.isTTY) return false;
  return process.env?.NO_COLOR === undefined || process.env.NO_COLOR === "";
}
