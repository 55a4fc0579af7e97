// The codes visualizeImageAttr and normalizeAttr throw OcclusionError with.

/** Every code `visualizeImageAttr` and `normalizeAttr` throw, with a one-line description. */
export const VISUALIZE_ERROR_CODES = {
  VIS_SHAPE: "visualizeImageAttr: attr or image has an unusable shape (batch other than 1, channels not 1 or 3)",
  VIS_SHAPE_MISMATCH: "visualizeImageAttr: image height/width differ from attr",
  VIS_IMAGE_REQUIRED: "visualizeImageAttr: the method needs the image",
  VIS_METHOD: "visualizeImageAttr: unknown method",
  VIS_SIGN: "visualizeImageAttr: unknown sign",
  VIS_SIGN_METHOD: "visualizeImageAttr: sign all with masked_image or alpha_scaling (as Captum)",
  VIS_OUTLIER_PERC: "visualizeImageAttr: outlierPerc outside [0, 100]",
  VIS_ALPHA_OVERLAY: "visualizeImageAttr: alphaOverlay outside [0, 1]",
  VIS_LAYOUT: "visualizeImageAttr: layout is not chw or hwc",
  VIS_IMAGE_SCALE: "visualizeImageAttr: imageScale is not 1, 255 or auto",
  VIS_COLOR_MAP: "visualizeImageAttr: unknown colour map",
  VIS_NOT_FINITE: "visualizeImageAttr: NaN or Infinity in attr",
  VIS_SIZE: "visualizeImageAttr: size is not a side length or { width, height } in [1, 16384], or smooth is not a boolean",
  VIS_LEGEND: "visualizeImageAttr: legend is not a boolean",
  VIS_TEXT_RECORD: "visualizeText: a record without rawInputIds, fewer attributions than words, a NaN attribution, or a tensor that is not 1-d",
} as const;
