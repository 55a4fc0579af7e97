// visualizeText / visualizeTextAnsi: Captum's visualize_text record rendered as HTML and
// as terminal text. Colours, special-token formatting and two-decimal numbers are
// compared with Captum's own helpers (tests/fixtures/captum-text, written by
// scripts/captum-text-fixture.py from captum/attr/_utils/visualization.py).
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ort from "onnxruntime-web";
import { OcclusionError } from "../src/errors.ts";
import { textAttrColor, visualizationDataRecord, visualizeText, visualizeTextAnsi } from "../src/visualize/index.ts";
import { formatSpecialToken, hslToRgb, twoDecimals } from "../src/visualize/text-record.ts";

interface Fixture {
  colors: { value: number | "Infinity" | "-Infinity"; color: string }[];
  specialTokens: Record<string, string>;
  wordImportances: { words: string[]; importances: number[]; backgrounds: string[]; float32Backgrounds: string[]; texts: string[] };
  twoDecimals: { value: number; text: string }[];
}
const fixture: Fixture = JSON.parse(readFileSync(new URL("./fixtures/captum-text/fixture.json", import.meta.url), "utf8"));
const throwsCode = (fn: () => unknown, code: string) =>
  assert.throws(fn, (error: unknown) => error instanceof OcclusionError && error.code === code);

const { words, importances } = fixture.wordImportances;
const record = visualizationDataRecord(importances, 0.9347, "pos", "pos", "pos", 1.385, words, null);

test("a word's colour is Captum's _get_color for every value in a sweep of [-2, 2] and ±Infinity", () => {
  assert.ok(fixture.colors.length > 150);
  for (const { value, color } of fixture.colors) {
    const number = value === "Infinity" ? Infinity : value === "-Infinity" ? -Infinity : value;
    assert.is(textAttrColor(number).css, color, `value ${value}`);
  }
});

test("special tokens and two-decimal numbers format as Captum (Python) does", () => {
  for (const [token, shown] of Object.entries(fixture.specialTokens)) assert.is(formatSpecialToken(token), shown, token);
  for (const { value, text } of fixture.twoDecimals) assert.is(twoDecimals(value), text, String(value));
});

test("HTML: each word highlighted with Captum's colour, in order, labels and legend as Captum's table", () => {
  const html = visualizeText([record]);
  const backgrounds = [...html.matchAll(/<mark style="background-color: (hsl\([^)]*\))/g)].map((m) => m[1]);
  assert.equal(backgrounds, fixture.wordImportances.backgrounds);
  const texts = [...html.matchAll(/<span style="color: black"> (.*?) <\/span>/g)].map((m) => m[1]);
  assert.equal(texts, fixture.wordImportances.texts);
  for (const header of ["True Label", "Predicted Label", "Attribution Label", "Attribution Score", "Word Importance"]) {
    assert.ok(html.includes(`<th>${header}</th>`), header);
  }
  assert.ok(html.includes("<b>pos (0.93)</b>"), "predicted label with its probability");
  assert.ok(html.includes("<b>1.39</b>") || html.includes("<b>1.38</b>"), "attribution score, two decimals");
  assert.is(html.includes("<b>1.38</b>"), twoDecimals(1.385) === "1.38");
  assert.match(html, /Legend: <\/b><span[^>]*background-color: hsl\(0, 75%, 60%\)"><\/span> Negative {2}<span[^>]*hsl\(0, 75%, 100%\)"><\/span> Neutral {2}<span[^>]*hsl\(120, 75%, 50%\)"><\/span> Positive/);
  assert.not.ok(visualizeText(record, { legend: false }).includes("Legend"));
  assert.is((html.match(/<tr>/g) ?? []).length, (html.match(/<\/tr>/g) ?? []).length, "every row is closed");
});

test("HTML escapes words and labels; several records give several rows", () => {
  const nasty = visualizationDataRecord([0.5, -0.5], 0.5, "<script>", 1, 0, 0, ["a&b", "\"<img src=x>\""]);
  const html = visualizeText([nasty, record]);
  assert.not.ok(html.includes("<script>") || html.includes("<img"));
  assert.ok(html.includes("a&#38;b"));
  assert.is((html.match(/<tr>/g) ?? []).length, 3, "a header and two rows");
});

test("word attributions may be a 1-d tensor-like ([1, L] too); float32 data is coloured as Captum colours a float32 tensor", () => {
  const fromTensor = visualizationDataRecord(new ort.Tensor("float32", Float32Array.from(importances), [1, importances.length]), 0.9347, "pos", "pos", "pos", 1.385, words);
  const backgrounds = [...visualizeText(fromTensor).matchAll(/<mark style="background-color: (hsl\([^)]*\))/g)].map((m) => m[1]);
  assert.equal(backgrounds, fixture.wordImportances.float32Backgrounds);
  assert.is.not(fixture.wordImportances.float32Backgrounds.join(), fixture.wordImportances.backgrounds.join(), "the fixture tells the two apart (0.58)");
  const float64 = visualizationDataRecord({ data: Float64Array.from(importances), dims: [importances.length] }, 0.9347, "pos", "pos", "pos", 1.385, words);
  assert.is(visualizeText(float64), visualizeText(record));
});

test("ANSI: black words on 24-bit backgrounds of the same colours; plain text without colour", () => {
  const coloured = visualizeTextAnsi(record, { color: true });
  const backgrounds = [...coloured.matchAll(/\u001b\[48;2;(\d+);(\d+);(\d+)m\u001b\[38;2;0;0;0m ([^\u001b]*) \u001b\[0m/g)];
  assert.is(backgrounds.length, 3 + words.length, "three legend swatches and the words");
  const wordsDrawn = backgrounds.slice(0);
  // The legend swatches are "  " wide and carry no word; the rest are the words in order.
  const drawn = wordsDrawn.filter((m) => m[4].trim() !== "");
  assert.equal(drawn.map((m) => m[4]), fixture.wordImportances.texts);
  drawn.forEach((m, i) => {
    const [, hue, sat, light] = /hsl\((\d+), (\d+)%, (\d+)%\)/.exec(fixture.wordImportances.backgrounds[i])!.map(Number);
    assert.equal(m.slice(1, 4).map(Number), hslToRgb(hue, sat, light));
  });
  assert.ok(coloured.includes("Predicted: pos (0.93)"));
  const plain = visualizeTextAnsi(record, { color: false });
  assert.not.ok(plain.includes("\u001b"), "no escape codes");
  assert.ok(plain.includes("#s(+0.20) the(-0.40) #pad(0.00) movie(+0.90)"), plain);
  assert.ok(plain.startsWith("Legend: Negative (-1.00)  Neutral (0.00)  Positive (+1.00)\n"));
});

test("ANSI colour by default only on a terminal without NO_COLOR", () => {
  const stdout = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
  const noColor = process.env.NO_COLOR;
  const coloured = (isTTY: boolean, NO_COLOR?: string) => {
    Object.defineProperty(process.stdout, "isTTY", { value: isTTY, configurable: true });
    if (NO_COLOR === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = NO_COLOR;
    return visualizeTextAnsi(record).includes("\u001b[");
  };
  try {
    assert.ok(coloured(true));
    assert.not.ok(coloured(true, "1"));
    assert.not.ok(coloured(false));
  } finally {
    if (stdout) Object.defineProperty(process.stdout, "isTTY", stdout);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
  }
});

test("hslToRgb gives the CSS colours of Captum's ends", () => {
  assert.equal(hslToRgb(120, 75, 50), [32, 223, 32]);
  assert.equal(hslToRgb(0, 75, 60), [230, 77, 77]);
  assert.equal(hslToRgb(0, 75, 100), [255, 255, 255]);
});

test("terminal text cannot carry control sequences from words", () => {
  const evil = visualizationDataRecord([1], 1, 1, 1, 1, 1, ["\u001b[2Jgone"]);
  assert.not.ok(visualizeTextAnsi(evil, { color: false }).includes("\u001b"));
});

test("bad records are VIS_TEXT_RECORD: more words than attributions, NaN, 2-d tensors, no words", () => {
  throwsCode(() => visualizeText(visualizationDataRecord([0.1], 1, 1, 1, 1, 1, ["a", "b"])), "VIS_TEXT_RECORD");
  throwsCode(() => visualizeText(visualizationDataRecord([NaN], 1, 1, 1, 1, 1, ["a"])), "VIS_TEXT_RECORD");
  throwsCode(() => visualizeText(visualizationDataRecord({ data: [1, 2, 3, 4], shape: [2, 2] }, 1, 1, 1, 1, 1, ["a"])), "VIS_TEXT_RECORD");
  throwsCode(() => visualizeTextAnsi({} as never), "VIS_TEXT_RECORD");
  throwsCode(() => visualizeTextAnsi({ ...record, predProb: undefined } as never), "VIS_TEXT_RECORD");
  // Captum allows more attributions than words (the extra ones are not shown).
  assert.ok(visualizeText(visualizationDataRecord([0.1, 0.2, 0.3], 1, 1, 1, 1, 1, ["a"])).includes(" a "));
});

test.run();
