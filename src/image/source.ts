// Any picture a page or a decoder holds, as straight (not premultiplied) RGBA bytes.
// ImageData and decoded pixels are read as they are; a canvas or an ImageBitmap is read
// through a 2d context (an ImageBitmap drawn on an OffscreenCanvas first).
import { OcclusionError } from "../index.ts";

/** Decoded pixels: row-major RGBA, 4 bytes a pixel (ImageData has this shape). */
export interface RgbaPixels {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

interface Context2dLike {
  getImageData(x: number, y: number, w: number, h: number): RgbaPixels;
  drawImage?(image: unknown, x: number, y: number): void;
}
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: "2d"): Context2dLike | null;
}

/** What `imageToTensor` reads: RGBA pixels `{ data, width, height }` (e.g. `ImageData`), a canvas, or an `ImageBitmap`. */
export type ImageSource =
  | RgbaPixels
  | CanvasLike
  | {
      width: number;
      height: number;
      /** An `ImageBitmap`'s: how a bitmap is told apart from other sources. */
      close(): void;
    };

/** The source's straight RGBA bytes (drawn through a 2-d canvas for a bitmap); `IMAGE_SOURCE` for anything else. */
export function readRgba(source: ImageSource): RgbaPixels {
  if (source === null || typeof source !== "object") fail(source);
  const { width, height } = source as { width: unknown; height: unknown };
  if (!isSize(width) || !isSize(height)) fail(source);
  if ("data" in source && source.data !== undefined) {
    const { data } = source;
    if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array) || data.length !== width * height * 4) {
      throw new OcclusionError("IMAGE_SOURCE", `image: data must be ${width}x${height}x4 = ${width * height * 4} RGBA bytes (Uint8Array or Uint8ClampedArray), got ${describe(data)}`);
    }
    return { data, width, height };
  }
  if ("getContext" in source && typeof source.getContext === "function") return readContext(source.getContext("2d"), width, height);
  if ("close" in source && typeof OffscreenCanvas === "function") {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d") as unknown as Context2dLike | null;
    context?.drawImage?.(source, 0, 0);
    return readContext(context, width, height);
  }
  return fail(source);
}

function readContext(context: Context2dLike | null, width: number, height: number): RgbaPixels {
  if (!context) throw new OcclusionError("IMAGE_SOURCE", "image: the canvas has no 2d context (it may be bound to WebGL already)");
  const { data } = context.getImageData(0, 0, width, height);
  return { data, width, height };
}

const isSize = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

function fail(source: unknown): never {
  throw new OcclusionError("IMAGE_SOURCE", `image: expected ImageData, a canvas, an ImageBitmap or { data, width, height } RGBA pixels with positive integer sizes, got ${describe(source)}`);
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  const name = value.constructor?.name ?? "object";
  return "length" in value ? `${name} of length ${(value as { length: number }).length}` : name;
}
