// Public surface of occlusion-wasm.
export { Occlusion, type ForwardFunction } from "./occlusion.ts";
export type { AttributeOptions } from "./args.ts";
export { tensor, type Tensor, type TensorLike } from "./tensor.ts";
export { OcclusionError, ERROR_CODES, type OcclusionErrorCode } from "./errors.ts";
export { init, type InitOptions, type KernelInfo } from "./kernel.ts";
export type { ProgressEvent } from "./progress.ts";
export {
  visualizeImageAttr, normalizeAttr, METHODS, COLOR_MAP_NAMES,
  type VisualizeOptions, type RgbaImage, type Method, type Sign, type ColorMapName, type ColorFunction,
} from "./visualize.ts";
