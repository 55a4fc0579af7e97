/**
 * Shapes for visualisation: turns `[H,W]`, `[C,H,W]`, `[H,W,C]` or either with
 * a leading batch of 1 into one planar view, sums attribution channels, and
 * converts image values to bytes the way Captum prepares `original_image`.
 */
import { OcclusionError } from "../index.ts";
import { readTensor, type ReadTensor } from "./tensor-like.ts";
import type { ImageScale, Layout, TensorLike } from "./types.ts";

/** A 2-d map with channels: element (y, x, c) is at `(y*width + x)*pixelStride + c*channelStride`. */
export interface PlanarView {
  readonly data: ArrayLike<number>;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly pixelStride: number;
  readonly channelStride: number;
}

/**
 * Layout of 3 dims `[a, b, c]` when none is given: `chw` when `a` is 1 or 3
 * and `c` is not, otherwise `hwc`. So `[3,224,224]` is chw, `[224,224,3]`
 * and the ambiguous `[3,5,3]` are hwc.
 */
export function inferLayout(dims: readonly number[]): Layout {
  const channelLike = (n: number | undefined) => n === 1 || n === 3;
  return channelLike(dims[0]) && !channelLike(dims[2]) ? "chw" : "hwc";
}

/** Validates `tensor` (named `name` in errors) and describes it as a planar view. */
export function planarView(value: TensorLike, name: string, layout?: Layout): PlanarView {
  const tensor = readTensor(value, name);
  const dims = imageDims(tensor, name);
  if (dims.length === 2) return makeView(tensor.data, dims[0]!, dims[1]!, 1, "chw");
  if (layout !== undefined && layout !== "chw" && layout !== "hwc") {
    throw new OcclusionError(
      "VIS_LAYOUT",
      `${name} layout: expected "chw" or "hwc", received ${JSON.stringify(layout)}`,
    );
  }
  const chosen = layout ?? inferLayout(dims);
  const [a, b, c] = dims as [number, number, number];
  return chosen === "chw" ? makeView(tensor.data, b, c, a, "chw") : makeView(tensor.data, a, b, c, "hwc");
}

// The shape without a batch of 1, after checking it against the data.
function imageDims(tensor: ReadTensor, name: string): number[] {
  const { shape, data } = tensor;
  const valid = shape.every((n) => Number.isInteger(n) && n > 0);
  const size = shape.reduce((product, n) => product * n, 1);
  if (!valid || shape.length < 2 || shape.length > 4 || size !== data.length) {
    throw new OcclusionError(
      "VIS_SHAPE",
      `${name}: expected shape [H,W], [C,H,W], [H,W,C] or [1,...] of positive sizes matching data ` +
        `(length ${data.length}), received [${shape.join(", ")}]`,
    );
  }
  if (shape.length === 4 && shape[0] !== 1) {
    throw new OcclusionError(
      "VIS_SHAPE",
      `${name}: a 4-d shape must have a batch of 1 (one image), received [${shape.join(", ")}]`,
    );
  }
  return shape.length === 4 ? shape.slice(1) : shape.slice();
}

function makeView(data: ArrayLike<number>, height: number, width: number, channels: number, layout: Layout): PlanarView {
  return layout === "chw"
    ? { data, height, width, channels, pixelStride: 1, channelStride: height * width }
    : { data, height, width, channels, pixelStride: channels, channelStride: 1 };
}

/** Sum over channels per pixel in float32, as `np.sum(attr, axis=2)` on a float32 array. */
export function sumChannels(view: PlanarView): Float32Array {
  const pixels = view.height * view.width;
  const sums = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let c = 0; c < view.channels; c++) {
      sum = Math.fround(sum + view.data[p * view.pixelStride + c * view.channelStride]!);
    }
    sums[p] = sum;
  }
  return sums;
}

/**
 * Image bytes, 3 per pixel (RGB; one channel is repeated as gray). Values are
 * truncated and clipped as Captum's `_prepare_image(image * 255)`; scale 255
 * takes values as bytes already, `"auto"` picks 1 when the maximum is ≤ 1.
 */
export function imageBytes(view: PlanarView, scale: ImageScale): Uint8Array {
  if (view.channels !== 1 && view.channels !== 3) {
    throw new OcclusionError(
      "VIS_SHAPE",
      `image: expected 1 or 3 channels, received ${view.channels} (set imageLayout if the layout was misread)`,
    );
  }
  const factor = resolveScale(view.data, scale) === 1 ? 255 : 1;
  const pixels = view.height * view.width;
  const bytes = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const channel = view.channels === 1 ? 0 : c;
      const value = view.data[p * view.pixelStride + channel * view.channelStride]!;
      bytes[p * 3 + c] = toByte(Math.fround(value * factor));
    }
  }
  return bytes;
}

function resolveScale(data: ArrayLike<number>, scale: ImageScale): 1 | 255 {
  if (scale === 1 || scale === 255) return scale;
  if (scale !== "auto") {
    throw new OcclusionError("VIS_IMAGE_SCALE", `imageScale: expected 1, 255 or "auto", received ${describe(scale)}`);
  }
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) max = Math.max(max, data[i]!);
  return max <= 1 ? 1 : 255; // Captum: np.max(original_image) <= 1.0
}

/** `np.clip(value.astype(int), 0, 255)`: truncate toward zero, then clip; NaN → 0. */
export function toByte(value: number): number {
  const whole = Math.trunc(value);
  return whole > 255 ? 255 : whole > 0 ? whole : 0;
}

/** A short description of a received value for error messages (never a whole array). */
export function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (value === null || typeof value !== "object") return typeof value === "string" ? JSON.stringify(value) : String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `an object with keys ${Object.keys(value).join(", ") || "(none)"}`;
}
