/**
 * Scaling an RGBA picture to a given size: nearest neighbour (crisp cells, what a
 * 28×28 map wants) or smooth (bilinear, sampled at pixel centres like a canvas or
 * PIL's BILINEAR on enlargement), with alpha premultiplied so transparent pixels do
 * not darken their neighbours.
 */
import { OcclusionError } from "../index.ts";
import { describe } from "./layout.ts";
import type { RgbaImage, Size } from "./types.ts";

/** The largest side `size` may ask for: 16384, what browsers allow a canvas. */
export const MAX_SIDE = 16384;

/** The output size: `size` as { width, height }, or a number for the longer side (aspect kept). */
export function targetSize(width: number, height: number, size: Size): { width: number; height: number } {
  const side = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_SIDE;
  if (typeof size === "number" && side(size)) {
    const factor = size / Math.max(width, height);
    return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
  }
  if (size !== null && typeof size === "object" && side(size.width) && side(size.height)) return { width: size.width, height: size.height };
  throw new OcclusionError(
    "VIS_SIZE",
    `size: expected an integer in [1, ${MAX_SIDE}] (the longer side) or { width, height } of such integers, received ${describe(size)}`,
  );
}

/** `image` scaled to width × height, by nearest neighbour or (smooth) bilinear interpolation. */
export function resizeImage(image: RgbaImage, width: number, height: number, smooth = false): RgbaImage {
  if (width === image.width && height === image.height) return image;
  const data = new Uint8ClampedArray(width * height * 4);
  const sourceX = (x: number) => ((x + 0.5) * image.width) / width - 0.5;
  const sourceY = (y: number) => ((y + 0.5) * image.height) / height - 0.5;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (smooth) bilinear(image, sourceX(x), sourceY(y), data, (y * width + x) * 4);
      else copyPixel(image, nearest(x, width, image.width), nearest(y, height, image.height), data, (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

// The source pixel whose area holds the output pixel's centre: exact for integer factors.
const nearest = (index: number, size: number, sourceSize: number) => Math.min(sourceSize - 1, Math.floor(((index + 0.5) * sourceSize) / size));
const clampIndex = (value: number, size: number) => Math.min(size - 1, Math.max(0, value));

function copyPixel(image: RgbaImage, x: number, y: number, out: Uint8ClampedArray, at: number): void {
  const from = (y * image.width + x) * 4;
  for (let c = 0; c < 4; c++) out[at + c] = image.data[from + c]!;
}

function bilinear(image: RgbaImage, sx: number, sy: number, out: Uint8ClampedArray, at: number): void {
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  const sum = [0, 0, 0, 0];
  const corners: [number, number, number][] = [
    [x0, y0, (1 - fx) * (1 - fy)], [x0 + 1, y0, fx * (1 - fy)], [x0, y0 + 1, (1 - fx) * fy], [x0 + 1, y0 + 1, fx * fy],
  ];
  for (const [cx, cy, weight] of corners) {
    const from = (clampIndex(cy, image.height) * image.width + clampIndex(cx, image.width)) * 4;
    const alpha = image.data[from + 3]! * weight;
    for (let c = 0; c < 3; c++) sum[c]! += image.data[from + c]! * alpha;
    sum[3]! += alpha;
  }
  for (let c = 0; c < 3; c++) out[at + c] = sum[3]! > 0 ? Math.round(sum[c]! / sum[3]!) : 0;
  out[at + 3] = Math.round(sum[3]!);
}
