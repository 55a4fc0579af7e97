// The codes imageToTensor and its helpers throw OcclusionError with.

/** The `OcclusionError` codes of `occlusion-wasm/image`, each with a one-line description. */
export const IMAGE_ERROR_CODES = {
  IMAGE_SOURCE: "image: the source is not ImageData, a canvas, an ImageBitmap or { data, width, height } RGBA pixels",
  IMAGE_OPTIONS: "image: an option has an unusable value (size, fit, layout, channels, order, background, scale, mean, std)",
  IMAGE_SIZE: "image: fit none and the image is not the requested size",
  IMAGE_MODEL_FILE: "image: the bytes are not an ONNX model (metadata could not be read)",
} as const;
