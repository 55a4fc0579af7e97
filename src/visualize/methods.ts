/**
 * The five drawing methods of Captum's `visualize_image_attr`, each giving
 * one RGBA pixel per attribution pixel. Inputs are already validated: `norm`
 * is the normalised map (H×W), `image` RGB bytes (H×W×3).
 *
 * Each pixel gets the colour matplotlib's `cmap(norm(value), bytes=True)`
 * gives; figure rendering (resampling to the figure size) is not reproduced.
 */
import { colorTable, tableIndex, type ColorTable } from "./colormaps.ts";
import { toByte } from "./layout.ts";

/** Captum's `vmin`/`vmax`: [-1, 1] for sign "all", [0, 1] otherwise. */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/** `heat_map`: the normalised value through the colour map. */
export function drawHeatMap(norm: Float32Array, table: ColorTable, range: ValueRange): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(norm.length * 4);
  for (let p = 0; p < norm.length; p++) {
    copyColor(out, p, table, tableIndex(position(norm[p]!, range)));
  }
  return out;
}

/**
 * `blended_heat_map`: Captum draws the channel mean of the image with the
 * "gray" map (matplotlib stretches it to its own min..max), then the heat map
 * on top with alpha `alphaOverlay`. Composited here in one step, rounded.
 */
export function drawBlended(
  norm: Float32Array,
  image: Uint8Array,
  table: ColorTable,
  range: ValueRange,
  alphaOverlay: number,
): Uint8ClampedArray<ArrayBuffer> {
  const gray = grayBackground(image);
  const heat = drawHeatMap(norm, table, range);
  // matplotlib stores the overlay alpha as a byte, truncated.
  const overlayAlpha = Math.trunc(255 * alphaOverlay);
  const out = new Uint8ClampedArray(norm.length * 4);
  for (let p = 0; p < norm.length; p++) {
    const alpha = (heat[p * 4 + 3]! * overlayAlpha) / (255 * 255);
    for (let c = 0; c < 3; c++) {
      out[p * 4 + c] = Math.round(heat[p * 4 + c]! * alpha + gray[p]! * (1 - alpha));
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** `masked_image`: each image byte times the normalised value, truncated. */
export function drawMasked(norm: Float32Array, image: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(norm.length * 4);
  for (let p = 0; p < norm.length; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = toByte(image[p * 3 + c]! * norm[p]!);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** `alpha_scaling`: the image, with alpha = normalised value × 255, truncated. */
export function drawAlphaScaling(norm: Float32Array, image: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = drawOriginal(image);
  for (let p = 0; p < norm.length; p++) out[p * 4 + 3] = toByte(Math.fround(norm[p]! * 255));
  return out;
}

/** `original_image`: the image bytes, opaque. */
export function drawOriginal(image: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const pixels = image.length / 3;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    out.set(image.subarray(p * 3, p * 3 + 3), p * 4);
    out[p * 4 + 3] = 255;
  }
  return out;
}

// matplotlib's Normalize(vmin, vmax) on a float32 value.
function position(value: number, range: ValueRange): number {
  return Math.fround(Math.fround(value - range.min) / (range.max - range.min));
}

function copyColor(out: Uint8ClampedArray<ArrayBuffer>, pixel: number, table: ColorTable, index: number): void {
  if (index < 0) return; // matplotlib's "bad" colour: transparent black
  for (let c = 0; c < 4; c++) out[pixel * 4 + c] = table[index * 4 + c]!;
}

// np.mean(image, axis=2) drawn with cmap="gray" and autoscaled vmin/vmax;
// a constant image has vmin == vmax, which matplotlib draws as 0 (black).
function grayBackground(image: Uint8Array): Uint8Array {
  const pixels = image.length / 3;
  const means = new Float64Array(pixels);
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < pixels; p++) {
    const mean = (image[p * 3]! + image[p * 3 + 1]! + image[p * 3 + 2]!) / 3;
    means[p] = mean;
    min = Math.min(min, mean);
    max = Math.max(max, mean);
  }
  const table = colorTable("gray");
  const gray = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const stretched = max === min ? 0 : (means[p]! - min) / (max - min);
    gray[p] = table[grayIndex(stretched) * 4]!;
  }
  return gray;
}

// Same as tableIndex, but in float64: the means are float64 in NumPy.
function grayIndex(position: number): number {
  const scaled = position * 256;
  return scaled >= 256 ? 255 : Math.trunc(scaled);
}
