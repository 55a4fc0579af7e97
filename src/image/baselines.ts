// Baselines for image inputs, in the tensor's own layout: each channel's mean (one value a
// channel, broadcast by the library) and a Gaussian-blurred copy (what the image looks
// like with its detail removed, so occlusion asks "does the detail here matter?").
import { OcclusionError, tensor, type Tensor } from "../index.ts";
import type { ImageLayout } from "./to-tensor.ts";

interface Dims {
  channels: number;
  height: number;
  width: number;
  /** Index of channel c at pixel p. */
  at: (c: number, p: number) => number;
}

function dims(image: Tensor, layout: ImageLayout): Dims {
  const s = image.shape;
  const rank = layout === "nhw" ? 3 : 4;
  if (s.length !== rank || s[0] !== 1) throw new OcclusionError("IMAGE_OPTIONS", `image: a ${layout.toUpperCase()} image tensor has shape [1, ...] of rank ${rank}, got [${s.join(", ")}]`);
  if (layout === "nchw") return { channels: s[1], height: s[2], width: s[3], at: (c, p) => c * s[2] * s[3] + p };
  if (layout === "nhwc") return { channels: s[3], height: s[1], width: s[2], at: (c, p) => p * s[3] + c };
  return { channels: 1, height: s[1], width: s[2], at: (_c, p) => p };
}

/** Each channel's mean, shaped to broadcast over the image ([1, C, 1, 1], [1, 1, 1, C] or [1, 1, 1]). */
export function meanBaseline(image: Tensor, layout: ImageLayout): Tensor {
  const { channels, height, width, at } = dims(image, layout);
  const means = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let p = 0; p < height * width; p++) sum += image.data[at(c, p)];
    means[c] = sum / (height * width);
  }
  const shape = layout === "nchw" ? [1, channels, 1, 1] : layout === "nhwc" ? [1, 1, 1, channels] : [1, 1, 1];
  return tensor(means, shape);
}

/** A Gaussian blur of every channel (sigma in pixels, edges clamped), same shape as the image. */
export function blurBaseline(image: Tensor, layout: ImageLayout, sigma: number): Tensor {
  if (!Number.isFinite(sigma) || sigma <= 0) throw new OcclusionError("IMAGE_OPTIONS", `image: blur sigma must be a positive number, got ${sigma}`);
  const { channels, height, width, at } = dims(image, layout);
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const taps = kernel.map((k) => k / total);
  const out = new Float32Array(image.data.length);
  const plane = new Float64Array(height * width), mid = new Float64Array(height * width);
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < plane.length; p++) plane[p] = image.data[at(c, p)];
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += taps[k + radius] * plane[y * width + clamp(x + k, width)];
      mid[y * width + x] = sum;
    }
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += taps[k + radius] * mid[clamp(y + k, height) * width + x];
      out[at(c, y * width + x)] = sum;
    }
  }
  return tensor(out, image.shape.slice());
}
