// Public surface of occlusion-wasm. The pictures live in their own entry point,
// occlusion-wasm/visualize (src/visualize.ts), so the core entry stays small.
export { Occlusion, type ForwardFunction } from "./methods/occlusion.ts";
export { FeatureAblation, type FeatureAblationOptions } from "./methods/feature-ablation.ts";
export type { AttributeOptions, CommonOptions } from "./methods/args.ts";
export { tensor, type DType, type InputArray, type Tensor, type TensorLike } from "./tensor.ts";
export { OcclusionError, ERROR_CODES, type OcclusionErrorCode } from "./errors.ts";
export { init, type InitOptions, type KernelInfo } from "./wasm/kernel.ts";
export type { ProgressEvent } from "./engine/progress.ts";
