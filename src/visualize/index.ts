/**
 * Heat maps of attributions as RGBA pixels: Captum's
 * `captum.attr.visualization.visualize_image_attr` without matplotlib.
 * Each attribution pixel becomes one output pixel; the result can be put on
 * a canvas with `new ImageData(data, width, height)` or encoded as a PNG.
 *
 * @module occlusion-wasm/visualize
 */
import { colorTable, type ColorMapName } from "./colormaps.ts";
import { OcclusionError } from "../index.ts";
import { describe, imageBytes, planarView, sumChannels, type PlanarView } from "./layout.ts";
import {
  drawAlphaScaling,
  drawBlended,
  drawHeatMap,
  drawMasked,
  drawOriginal,
  type ValueRange,
} from "./methods.ts";
import { checkOutlierPerc, checkSign, normalizeWithScale } from "./normalize.ts";
import { legendLabels, withLegend } from "./legend.ts";
import { resizeImage, targetSize } from "./resize.ts";
import type { AttrImage, Method, RgbaImage, Sign, TensorLike, VisualizeOptions } from "./types.ts";

export { normalizeAttr, cumulativeSumThreshold } from "./normalize.ts";
export { inferLayout } from "./layout.ts";
export { COLOR_MAP_NAMES } from "./colormaps.ts";
export { VISUALIZE_ERROR_CODES } from "./errors.ts";
export { resizeImage } from "./resize.ts";
export { visualizeText, visualizeTextAnsi, type TextOptions, type AnsiTextOptions } from "./text.ts";
export { visualizationDataRecord, textAttrColor, type TextRecord } from "./text-record.ts";
export type { ColorFunction, ColorMapName } from "./colormaps.ts";
export type * from "./types.ts";

/** Captum's method names. */
export const METHODS: readonly Method[] = [
  "heat_map",
  "blended_heat_map",
  "original_image",
  "masked_image",
  "alpha_scaling",
];

/**
 * Draws `attr` (optionally over `image`) as Captum's `visualize_image_attr`
 * would, one RGBA pixel per attribution pixel, then scales it to `size` and
 * appends a `legend` when asked. `image` is required by every method except
 * `heat_map`; its height and width must match `attr`'s.
 */
export function visualizeImageAttr(
  attr: TensorLike,
  image?: TensorLike | null,
  options: VisualizeOptions = {},
): AttrImage {
  const { method = "heat_map", sign = "absolute_value", outlierPerc = 2, alphaOverlay = 0.5 } = options;
  checkMethod(method, sign, alphaOverlay);
  checkOutlierPerc(outlierPerc);
  checkFlags(options);
  const attrView = planarView(attr, "attr", options.layout);
  const size = options.size === undefined ? attrView : targetSize(attrView.width, attrView.height, options.size);
  const { picture, scale } = drawPixels(attrView, image, method, sign, outlierPerc, alphaOverlay, options);
  let out = resizeImage(picture, size.width, size.height, options.smooth === true);
  if (options.legend === true && method !== "original_image") {
    // The bar shows what a value becomes: the colour map, or the brightness/opacity ramp.
    const table = colorTable(method === "masked_image" || method === "alpha_scaling" ? "gray" : options.colorMap ?? defaultColorMap(sign));
    out = withLegend(out, table, legendLabels(sign, scale));
  }
  return { ...out, scale };
}

function drawPixels(
  attrView: PlanarView,
  image: TensorLike | null | undefined,
  method: Method,
  sign: Sign,
  outlierPerc: number,
  alphaOverlay: number,
  options: VisualizeOptions,
): { picture: RgbaImage; scale: number } {
  const imageView = image == null ? undefined : planarView(image, "image", options.imageLayout);
  checkImage(method, attrView, imageView);
  const pixels = imageView === undefined ? undefined : imageBytes(imageView, options.imageScale ?? 1);

  const { values: norm, scale } = normalizeWithScale(sumChannels(attrView), sign, outlierPerc, options.onWarning);
  const table = colorTable(options.colorMap ?? defaultColorMap(sign));
  const range: ValueRange = sign === "all" ? { min: -1, max: 1 } : { min: 0, max: 1 };
  const { width, height } = attrView;
  // checkImage guarantees `pixels` for every method but heat_map.
  const data = (() => {
    switch (method) {
      case "heat_map":
        return drawHeatMap(norm, table, range);
      case "blended_heat_map":
        return drawBlended(norm, pixels!, table, range, alphaOverlay);
      case "masked_image":
        return drawMasked(norm, pixels!);
      case "alpha_scaling":
        return drawAlphaScaling(norm, pixels!);
      case "original_image":
        return drawOriginal(pixels!);
    }
  })();
  return { picture: { data, width, height }, scale };
}

function checkFlags(options: VisualizeOptions): void {
  for (const name of ["smooth", "legend"] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== "boolean") {
      throw new OcclusionError(name === "legend" ? "VIS_LEGEND" : "VIS_SIZE", `${name}: expected true or false, received ${describe(value)}`);
    }
  }
}

/** Captum's default `cmap` for a sign. */
export function defaultColorMap(sign: Sign): ColorMapName {
  const maps: Record<Sign, ColorMapName> = {
    all: "RdWhGn",
    positive: "Greens",
    negative: "Reds",
    absolute_value: "Blues",
  };
  return maps[sign];
}

function checkMethod(method: unknown, sign: unknown, alphaOverlay: unknown): asserts method is Method {
  if (!METHODS.includes(method as Method)) {
    throw new OcclusionError("VIS_METHOD", `method: expected one of ${METHODS.join(", ")}, received ${describe(method)}`);
  }
  checkSign(sign);
  // Captum asserts this too: one alpha or mask cannot show two signs.
  if (sign === "all" && (method === "masked_image" || method === "alpha_scaling")) {
    throw new OcclusionError(
      "VIS_SIGN_METHOD",
      `sign "all" cannot be shown by method "${method}" (it has no way to show both signs); ` +
        `choose sign "positive", "negative" or "absolute_value"`,
    );
  }
  if (typeof alphaOverlay !== "number" || !(alphaOverlay >= 0 && alphaOverlay <= 1)) {
    throw new OcclusionError(
      "VIS_ALPHA_OVERLAY",
      `alphaOverlay: expected a number in [0, 1], received ${describe(alphaOverlay)}`,
    );
  }
}

function checkImage(method: Method, attr: PlanarView, image: PlanarView | undefined): void {
  if (image === undefined) {
    if (method === "heat_map") return;
    throw new OcclusionError(
      "VIS_IMAGE_REQUIRED",
      `image: method "${method}" draws the original image, so an image is required (only "heat_map" works without one)`,
    );
  }
  if (image.height !== attr.height || image.width !== attr.width) {
    throw new OcclusionError(
      "VIS_SHAPE_MISMATCH",
      `image: expected height × width ${attr.height} × ${attr.width} (as attr), received ${image.height} × ${image.width}`,
    );
  }
}
