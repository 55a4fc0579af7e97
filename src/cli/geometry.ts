// Window, stride and baseline for the CLI, in the model input's layout. Defaults scale
// with the image: a square window of max(1, round(min(H, W) / 7)) pixels (4 for 28x28,
// 32 for 224x224) moved by half of it, so windows overlap and every pixel is covered
// about four times. A window always spans every channel.
import { tensor, type Tensor } from "../index.ts";
import { CliError, type CliOptions } from "./options.ts";

export interface Geometry {
  window: [number, number];
  stride: [number, number];
  slidingWindowShapes: number[];
  strides: number[];
}

export function defaultWindow(height: number, width: number): [number, number] {
  const side = Math.max(1, Math.round(Math.min(height, width) / 7));
  return [side, side];
}

export function defaultStride(window: [number, number]): [number, number] {
  return [Math.max(1, Math.floor(window[0] / 2)), Math.max(1, Math.floor(window[1] / 2))];
}

/** Layout of an input tensor [1, C, H, W], [1, H, W, C] or [1, H, W]. */
export type TensorLayout = "nchw" | "nhwc" | "nhw";

export function geometry(options: CliOptions, input: Tensor, layout: TensorLayout): Geometry {
  const { height, width, channels } = dimensions(input, layout);
  const window = options.window ?? defaultWindow(height, width);
  const stride = options.stride ?? defaultStride(window);
  if (window[0] > height || window[1] > width) {
    throw new CliError(`--window ${window.join("x")} is larger than the ${width}x${height} image (see --help)`, 2);
  }
  const [scaledWidth, scaledHeight] = [width * options.scale, height * options.scale];
  if (Math.max(scaledWidth, scaledHeight) > 16384) { // visualizeImageAttr's (and browsers') largest side
    throw new CliError(`--scale ${options.scale} makes a ${scaledWidth}x${scaledHeight} picture; at most 16384 pixels a side (see --help)`, 2);
  }
  const skips = (axis: 0 | 1, size: number) => stride[axis] > window[axis] && window[axis] < size;
  if (skips(0, height) || skips(1, width)) {
    throw new CliError(`--stride ${stride.join("x")} is larger than --window ${window.join("x")}: pixels between windows would never be occluded (see --help)`, 2);
  }
  const inLayout = (pair: [number, number]) =>
    layout === "nchw" ? [channels, ...pair] : layout === "nhwc" ? [...pair, channels] : [...pair];
  return { window, stride, slidingWindowShapes: inLayout(window), strides: inLayout(stride) };
}

export function dimensions(input: Tensor, layout: TensorLayout): { height: number; width: number; channels: number } {
  const [, a, b, c] = input.shape;
  if (layout === "nchw") return { channels: a, height: b, width: c };
  if (layout === "nhwc") return { height: a, width: b, channels: c };
  return { height: a, width: b, channels: 1 };
}

/** --baseline: a number, or "mean": each channel's mean, broadcast over the image. */
export function baselineFor(option: CliOptions["baseline"], input: Tensor, layout: TensorLayout): number | Tensor {
  if (option !== "mean") return option;
  const { channels } = dimensions(input, layout);
  const means = new Float64Array(channels);
  input.data.forEach((value, i) => {
    const channel = layout === "nchw" ? Math.floor(i / (input.data.length / channels)) : i % channels;
    means[channel] += value;
  });
  const perChannel = Float32Array.from(means, (sum) => (sum * channels) / input.data.length);
  const shape = layout === "nchw" ? [1, channels, 1, 1] : layout === "nhwc" ? [1, 1, 1, channels] : [1, 1, 1];
  return tensor(perChannel, shape);
}
