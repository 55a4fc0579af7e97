/**
 * Types of the heat-map API (`visualizeImageAttr`, `normalizeAttr`): Captum's
 * `captum.attr.visualization.visualize_image_attr` options in JS spelling.
 */
import type { ColorFunction, ColorMapName } from "./colormaps.ts";
import type { PixelArray } from "../host-types.ts";

/** Numeric storage of a tensor; int64 data (onnxruntime's BigInt64Array) is read as numbers. */
export type TensorData = ArrayLike<number> | BigInt64Array | BigUint64Array;

/**
 * What `attribute` accepts as a tensor: row-major `data` with a `shape` (the library's
 * `Tensor`, ndarray), onnxruntime's `{ data, dims }`, or TensorFlow.js's `{ shape, dataSync() }`.
 */
export type TensorLike =
  | { readonly data: TensorData; readonly shape: readonly number[] }
  | { readonly data: TensorData; readonly dims: readonly number[] }
  | {
      readonly shape: readonly number[];
      /** TensorFlow.js: the tensor's values, read synchronously. */
      dataSync(): TensorData;
    };

/** Where the channel dimension is: first (`[C,H,W]`) or last (`[H,W,C]`). */
export type Layout = "chw" | "hwc";

/** Captum's `VisualizeSign`. */
export type Sign = "all" | "positive" | "negative" | "absolute_value";

/** Captum's `ImageVisualizationMethod`. */
export type Method =
  | "heat_map"
  | "blended_heat_map"
  | "original_image"
  | "masked_image"
  | "alpha_scaling";

/** How image values map to bytes: `1` for [0,1], `255` for [0,255], `"auto"` as Captum. */
export type ImageScale = 1 | 255 | "auto";

/** Options of `visualizeImageAttr`: Captum's `visualize_image_attr` arguments in camelCase. */
export interface VisualizeOptions {
  /** Captum `method`. Default `"heat_map"`. */
  method?: Method;
  /** Captum `sign`. Default `"absolute_value"`. */
  sign?: Sign;
  /** Captum `outlier_perc`, in [0, 100]. Default 2. */
  outlierPerc?: number;
  /** Captum `cmap`: a name or a function of a position in [0, 1]. Default depends on `sign`. */
  colorMap?: ColorMapName | ColorFunction;
  /** Captum `alpha_overlay`, in [0, 1], for `blended_heat_map`. Default 0.5. */
  alphaOverlay?: number;
  /** Layout of `attr` when it has 3 dims. Default: inferred (see `inferLayout`). */
  layout?: Layout;
  /** Layout of `image` when it has 3 dims. Default: inferred. */
  imageLayout?: Layout;
  /** Range of image values. Default 1 (floats in [0, 1]). */
  imageScale?: ImageScale;
  /** Receives Captum's warning when the normalisation scale is (nearly) 0. */
  onWarning?: (message: string) => void;
  /** Output size: the longer side in pixels (aspect kept), or `{ width, height }`. Default: one pixel per attribution pixel. */
  size?: Size;
  /** With `size`: bilinear interpolation instead of nearest neighbour. Default false (crisp cells). */
  smooth?: boolean;
  /** Append a colour legend below the picture, labelled with the attribution values at its ends. Default false. */
  legend?: boolean;
}

/** A picture size: the longer side in pixels, or both sides. */
export type Size = number | { width: number; height: number };

/** RGBA pixels, row-major; `new ImageData(data, width, height)` accepts it. */
export interface RgbaImage {
  data: PixelArray;
  width: number;
  height: number;
}

/** What `visualizeImageAttr` returns: the picture and the attribution value drawn as the colour map's end. */
export interface AttrImage extends RgbaImage {
  /** The normalisation scale: |attribution| at or above it gets the end colour (0 for an all-zero map). */
  scale: number;
}
