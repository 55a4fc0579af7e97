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
import { checkOutlierPerc, checkSign, normalizeCombined } from "./normalize.ts";
import type { Method, RgbaImage, Sign, TensorLike, VisualizeOptions } from "./types.ts";

export { normalizeAttr, cumulativeSumThreshold } from "./normalize.ts";
export { inferLayout } from "./layout.ts";
export { COLOR_MAP_NAMES } from "./colormaps.ts";
export { VISUALIZE_ERROR_CODES } from "./errors.ts";
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
 * would, one RGBA pixel per attribution pixel. `image` is required by every
 * method except `heat_map`; its height and width must match `attr`'s.
 */
export function visualizeImageAttr(
  attr: TensorLike,
  image?: TensorLike | null,
  options: VisualizeOptions = {},
): RgbaImage {
  const { method = "heat_map", sign = "absolute_value", outlierPerc = 2, alphaOverlay = 0.5 } = options;
  checkMethod(method, sign, alphaOverlay);
  checkOutlierPerc(outlierPerc);
  const attrView = planarView(attr, "attr", options.layout);
  const imageView = image == null ? undefined : planarView(image, "image", options.imageLayout);
  checkImage(method, attrView, imageView);
  const pixels = imageView === undefined ? undefined : imageBytes(imageView, options.imageScale ?? 1);

  const norm = normalizeCombined(sumChannels(attrView), sign, outlierPerc, options.onWarning);
  const table = colorTable(options.colorMap ?? defaultColorMap(sign));
  const range: ValueRange = sign === "all" ? { min: -1, max: 1 } : { min: 0, max: 1 };
  const { width, height } = attrView;
  // checkImage guarantees `pixels` for every method but heat_map.
  switch (method) {
    case "heat_map":
      return { data: drawHeatMap(norm, table, range), width, height };
    case "blended_heat_map":
      return { data: drawBlended(norm, pixels!, table, range, alphaOverlay), width, height };
    case "masked_image":
      return { data: drawMasked(norm, pixels!), width, height };
    case "alpha_scaling":
      return { data: drawAlphaScaling(norm, pixels!), width, height };
    case "original_image":
      return { data: drawOriginal(pixels!), width, height };
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
