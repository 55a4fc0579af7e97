/**
 * Captum's Occlusion attribution for every JavaScript runtime: `Occlusion`, `tensor()`,
 * `init()` and `OcclusionError`. Pictures are in `occlusion-wasm/visualize`, model
 * adapters in `occlusion-wasm/adapters`.
 *
 * @module occlusion-wasm
 */
// Public surface of occlusion-wasm. The pictures live in their own entry point,
// occlusion-wasm/visualize (src/visualize.ts), so the core entry stays small.
export {
  Occlusion, windowCount, type ForwardFunction, type ForwardOutput, type ForwardResult, type InputsForward, type NestedNumbers,
} from "./methods/occlusion.ts";
export { FeatureAblation, featureCount, type FeatureAblationOptions } from "./methods/feature-ablation.ts";
export type { AttributeOptions, CommonOptions, PartialOptions } from "./methods/args.ts";
export type { LongRunOptions } from "./engine/long-run.ts";
export { OcclusionPartial, type PartialRecord } from "./engine/partial.ts";
export { mergePartials } from "./engine/merge.ts";
export type { WindowOrder } from "./engine/schedule.ts";
export { tensor, type DType, type InputArray, type Tensor, type TensorLike } from "./tensor.ts";
export { OcclusionError, ERROR_CODES, type OcclusionErrorCode } from "./errors.ts";
export { init } from "./methods/init.ts";
export type { InitOptions, KernelInfo } from "./wasm/kernel.ts";
export type { ProgressEvent } from "./engine/progress.ts";
