// imageToTensor: a picture to the tensor a model takes, in five steps: alpha composited on
// a background, crop or pad to the output's aspect, resample (see resize.ts), grey or RGB
// in the chosen channel order, then scale/mean/std, written in NCHW, NHWC or NHW.
import { OcclusionError, tensor, type Tensor } from "../index.ts";
import { placement, resample, type Fit, type Planes } from "./resize.ts";
import { readRgba, type ImageSource } from "./source.ts";
import { resolveNormalization, type Normalization, type NormalizationOptions } from "./normalize.ts";

/** Tensor layouts a picture can be written in (batch of one). */
export type ImageLayout = "nchw" | "nhwc" | "nhw";
/** A colour as red, green and blue bytes (0..255). */
export type Rgb = [number, number, number];

/** How `imageToTensor` turns a picture into a model input; every field is optional. */
export interface ImageToTensorOptions extends NormalizationOptions {
  /** Output size; default the source's. */
  width?: number;
  height?: number;
  /** How a different aspect ratio is met: centre crop (default), pad with the background, stretch, or none (sizes must match). */
  fit?: Fit;
  layout?: ImageLayout;
  /** 1: grey (BT.601 luma), 3: colour (default; 1 for nhw). */
  channels?: 1 | 3;
  order?: "rgb" | "bgr";
  /** Colour under transparent pixels and in the padding: "#rrggbb" or [r, g, b] bytes; default black. */
  background?: string | Rgb;
}

/** What `imageToTensor` returns: the input tensor, the pixels it came from, and what was changed. */
export interface ImageTensor {
  /** The model's input: [1, C, H, W], [1, H, W, C] or [1, H, W]. */
  tensor: Tensor;
  /** The same pixels before normalisation, 0..1, in the same layout (to draw, or to blend a heat map over). */
  pixels: Tensor;
  width: number;
  height: number;
  layout: ImageLayout;
  channels: 1 | 3;
  normalization: Normalization;
  /** What had to change, in words ("resized 40x30 to 28x28 ..."), for warnings. */
  changes: string[];
}

/**
 * A picture (`ImageData`, a canvas, an `ImageBitmap` or RGBA bytes) as the tensor a model
 * takes: alpha composited on `background`, cropped or padded to the output's aspect, resized
 * (antialiased bilinear, as Pillow's), grey or RGB, scaled and normalised, in the given layout.
 */
export function imageToTensor(source: ImageSource, options: ImageToTensorOptions = {}): ImageTensor {
  const rgba = readRgba(source);
  const layout = oneOf<ImageLayout>(options.layout ?? "nchw", ["nchw", "nhwc", "nhw"], "layout");
  const channels: 1 | 3 = layout === "nhw" ? 1 : oneOf<1 | 3>(options.channels ?? 3, [1, 3], "channels");
  const order = oneOf<"rgb" | "bgr">(options.order ?? "rgb", ["rgb", "bgr"], "order");
  const fit = oneOf<Fit>(options.fit ?? "crop", ["crop", "pad", "stretch", "none"], "fit");
  const width = size(options.width ?? rgba.width, "width"), height = size(options.height ?? rgba.height, "height");
  const background = parseBackground(options.background ?? [0, 0, 0]);
  const normalization = resolveNormalization(options, channels);
  const changes: string[] = [];

  if (fit === "none" && (width !== rgba.width || height !== rgba.height)) {
    throw new OcclusionError("IMAGE_SIZE", `image: the image is ${rgba.width}x${rgba.height} but ${width}x${height} was asked for with fit none; use fit crop, pad or stretch to resize`);
  }
  const { planes, transparent, colour } = composite(rgba, background);
  if (transparent > 0) changes.push(`${transparent} transparent or translucent pixel(s) composited on ${hex(background)}`);
  const place = placement(rgba.width, rgba.height, width, height, fit);
  const { crop, inner } = place;
  const resized = resample(planes, crop, inner.width, inner.height);
  if (crop.width !== rgba.width || crop.height !== rgba.height) changes.push(`cropped ${rgba.width}x${rgba.height} to the centre ${crop.width}x${crop.height}`);
  if (inner.width !== crop.width || inner.height !== crop.height) changes.push(`resized ${crop.width}x${crop.height} to ${inner.width}x${inner.height} (bilinear, antialiased)`);
  if (inner.width !== width || inner.height !== height) changes.push(`padded to ${width}x${height} with ${hex(background)}`);
  if (channels === 1 && colour) changes.push("colour converted to grey (BT.601 luma)");

  const out = new Float32Array(width * height * channels), shown = new Float32Array(out.length);
  const area = width * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const pixel = y * width + x;
      const ix = x - inner.x, iy = y - inner.y;
      const inside = ix >= 0 && iy >= 0 && ix < inner.width && iy < inner.height;
      const at = iy * inner.width + ix;
      const rgb = inside ? [resized.rgb[0][at], resized.rgb[1][at], resized.rgb[2][at]] : background;
      for (let c = 0; c < channels; c++) {
        const byte = channels === 1 ? 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] : rgb[order === "bgr" ? 2 - c : c];
        const index = layout === "nchw" ? c * area + pixel : pixel * channels + c;
        out[index] = (byte * normalization.scale - normalization.mean[c]) / normalization.std[c];
        shown[index] = Math.min(1, Math.max(0, byte / 255));
      }
    }
  }
  const shape = layout === "nchw" ? [1, channels, height, width] : layout === "nhwc" ? [1, height, width, channels] : [1, height, width];
  return { tensor: tensor(out, shape), pixels: tensor(shown, shape), width, height, layout, channels: channels as 1 | 3, normalization, changes };
}

/** Straight RGBA bytes to RGB planes over the background; counts translucent pixels, notes colour. */
function composite({ data, width, height }: { data: ArrayLike<number>; width: number; height: number }, background: Rgb) {
  const rgb: Planes["rgb"] = [new Float32Array(width * height), new Float32Array(width * height), new Float32Array(width * height)];
  let transparent = 0, colour = false;
  for (let i = 0; i < width * height; i++) {
    const alpha = data[4 * i + 3] / 255;
    if (alpha < 1) transparent++;
    for (let c = 0; c < 3; c++) rgb[c][i] = alpha * data[4 * i + c] + (1 - alpha) * background[c];
    colour ||= data[4 * i] !== data[4 * i + 1] || data[4 * i + 1] !== data[4 * i + 2];
  }
  return { planes: { width, height, rgb }, transparent, colour };
}

/** A background colour from `"black"`, `"white"`, `"#rrggbb"` or `[r, g, b]` bytes (`IMAGE_OPTIONS` otherwise). */
export function parseBackground(value: string | Rgb): Rgb {
  const named: Record<string, Rgb> = { black: [0, 0, 0], white: [255, 255, 255] };
  if (typeof value === "string") {
    const match = /^#?([0-9a-f]{6})$/i.exec(value.trim());
    if (named[value]) return named[value];
    if (match) return [0, 2, 4].map((i) => parseInt(match[1].slice(i, i + 2), 16)) as Rgb;
  } else if (Array.isArray(value) && value.length === 3 && value.every((v) => Number.isFinite(v) && v >= 0 && v <= 255)) {
    return value.slice() as Rgb;
  }
  throw new OcclusionError("IMAGE_OPTIONS", `image: background must be "#rrggbb", "black", "white" or [r, g, b] bytes 0..255, got ${JSON.stringify(value)}`);
}

const hex = (rgb: Rgb) => "#" + rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

function size(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new OcclusionError("IMAGE_OPTIONS", `image: ${what} must be a positive integer, got ${value}`);
  return value;
}

function oneOf<T>(value: T, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value)) throw new OcclusionError("IMAGE_OPTIONS", `image: ${what} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  return value;
}
