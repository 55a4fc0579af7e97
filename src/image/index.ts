// occlusion-wasm/image: pictures to model inputs (resize, crop or pad, alpha, channels,
// layout, normalisation), image baselines, and the labels/preprocessing an ONNX model's
// metadata carries. Zero dependencies; used by the browser app and the CLI alike.
export { imageToTensor, parseBackground, type ImageToTensorOptions, type ImageTensor, type ImageLayout, type Rgb } from "./to-tensor.ts";
export { readRgba, type ImageSource, type RgbaPixels } from "./source.ts";
export { NORMALIZATIONS, resolveNormalization, type Normalization, type NormalizationName, type NormalizationOptions } from "./normalize.ts";
export { blurBaseline, meanBaseline } from "./baselines.ts";
export { metadataDefaults, parseLabels, readOnnxMetadata } from "./onnx-metadata.ts";
export type { Fit } from "./resize.ts";
export { IMAGE_ERROR_CODES } from "./errors.ts";
export { defaultWindow, imageInput, type ImageInput } from "./model-input.ts";
