// What an image model's input shape says: layout, channels and size (null where the shape
// is symbolic), and the default occlusion window for an image of a given size.
import type { ImageLayout } from "./to-tensor.ts";

/** What an image model's input shape says: layout, channels and size (null where symbolic). */
export interface ImageInput {
  layout: ImageLayout;
  channels: 1 | 3 | null;
  height: number | null;
  width: number | null;
}

/**
 * [N,C,H,W] with C of 1 or 3 is NCHW, [N,H,W,C] with C of 1 or 3 is NHWC, [N,H,W] is NHW;
 * symbolic sizes (strings, -1, null) are null. Anything else returns null.
 */
export function imageInput(shape: readonly (number | string | null | undefined)[]): ImageInput | null {
  const dims = shape.map((size) => (typeof size === "number" && size > 0 ? size : null));
  const channels = (size: number | null): size is 1 | 3 => size === 1 || size === 3;
  if (dims.length === 3) return { layout: "nhw", channels: 1, height: dims[1], width: dims[2] };
  if (dims.length !== 4) return null;
  if (channels(dims[1])) return { layout: "nchw", channels: dims[1], height: dims[2], width: dims[3] };
  if (channels(dims[3])) return { layout: "nhwc", channels: dims[3], height: dims[1], width: dims[2] };
  if (dims[1] === null && dims[3] === null) return { layout: "nchw", channels: null, height: dims[2], width: dims[3] };
  return null;
}

/**
 * A square window of max(1, round(min(H, W) / 7)) pixels (4 for 28x28, 32 for 224x224)
 * moved by half of it, so windows overlap and every pixel is covered about four times.
 */
export function defaultWindow(height: number, width: number): { window: [number, number]; stride: [number, number] } {
  const side = Math.max(1, Math.round(Math.min(height, width) / 7));
  const step = Math.max(1, Math.floor(side / 2));
  return { window: [side, side], stride: [step, step] };
}
