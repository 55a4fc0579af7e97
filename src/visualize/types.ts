/**
 * Types of the heat-map API (`visualizeImageAttr`, `normalizeAttr`): Captum's
 * `captum.attr.visualization.visualize_image_attr` options in JS spelling.
 */
import type { ColorFunction, ColorMapName } from "./colormaps.ts";
import type { PixelArray } from "../host-types.ts";

/** Anything with row-major `data` and a `shape`; the library's `Tensor` fits. */
export interface TensorLike {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

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
}

/** RGBA pixels, row-major; `new ImageData(data, width, height)` accepts it. */
export interface RgbaImage {
  data: PixelArray;
  width: number;
  height: number;
}
