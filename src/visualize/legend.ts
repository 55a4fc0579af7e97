/**
 * The colour legend under a picture: a bar through the colour map from one end of the
 * value range to the other, labelled with the attribution values at its ends (and 0 in
 * the middle for sign "all"). Values beyond the ends were clipped to the end colours.
 */
import { tableIndex, type ColorTable } from "./colormaps.ts";
import { drawText, fillRect, textWidth, TEXT_HEIGHT } from "./pixel-font.ts";
import type { RgbaImage, Sign } from "./types.ts";

const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

/** The end labels of the bar: attribution values, `scale` being the normalisation scale. */
export function legendLabels(sign: Sign, scale: number): string[] {
  if (sign === "all") return [formatValue(-scale), "0", formatValue(scale)];
  return ["0", formatValue(sign === "negative" ? -scale : scale)];
}

/** Three significant digits, exponent form outside [0.001, 10000). */
export function formatValue(value: number): string {
  if (value === 0) return "0";
  const size = Math.abs(value);
  if (size >= 1e-3 && size < 1e4) return String(Number(value.toPrecision(3)));
  return value.toExponential(2).replace("e+", "e");
}

/**
 * `image` with a legend band appended below it: the bar drawn from `table` over
 * positions 0..1 (left to right), `labels` spread under it.
 */
export function withLegend(image: RgbaImage, table: ColorTable, labels: readonly string[]): RgbaImage {
  const { width } = image;
  const scale = Math.max(1, Math.floor(width / 120)); // font pixels: readable at any size
  const pad = Math.max(2, Math.round(width / 50));
  const barHeight = Math.max(4, Math.round(width / 20));
  const bandHeight = pad + barHeight + pad + TEXT_HEIGHT * scale + pad;
  const out: RgbaImage = { data: new Uint8ClampedArray(width * (image.height + bandHeight) * 4), width, height: image.height + bandHeight };
  out.data.set(image.data);
  const top = image.height;
  fillRect(out, 0, top, width, bandHeight, WHITE);
  const barWidth = Math.max(1, width - 2 * pad);
  for (let x = 0; x < barWidth; x++) {
    const index = tableIndex(barWidth === 1 ? 0.5 : x / (barWidth - 1));
    const rgb = table.subarray(index * 4, index * 4 + 3);
    fillRect(out, pad + x, top + pad, 1, barHeight, rgb as unknown as number[]);
  }
  const textTop = top + pad + barHeight + pad;
  labels.forEach((label, i) => {
    const labelWidth = textWidth(label, scale);
    const anchor = pad + (labels.length === 1 ? 0.5 : i / (labels.length - 1)) * barWidth;
    const left = i === 0 ? pad : i === labels.length - 1 ? pad + barWidth - labelWidth : Math.round(anchor - labelWidth / 2);
    drawText(out, label, left, textTop, scale, BLACK);
  });
  return out;
}
