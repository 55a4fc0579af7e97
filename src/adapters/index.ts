/**
 * Forward functions for model runtimes: `onnxForward` (onnxruntime-web or -node) and
 * `tfjsForward` (TensorFlow.js). No runtime is imported: each adapter takes the
 * runtime's own objects (a session and `ort.Tensor`, or a model and the `tf` namespace).
 *
 * @module occlusion-wasm/adapters
 */
// occlusion-wasm/adapters: forward functions for model runtimes, kept out of the main
// entry (its size budget) and free of runtime imports: each adapter takes the
// runtime's own objects (an onnxruntime session and Tensor constructor, the tf namespace).
export { onnxForward, type OnnxForwardOptions, type OnnxSessionLike, type OnnxTensorConstructor, type OnnxInputType } from "./onnx.ts";
export { ADAPTER_ERROR_CODES } from "./errors.ts";
export { tfjsForward, type TfjsForwardOptions, type TfModelLike, type TfNamespaceLike, type TfTensorLike } from "./tfjs.ts";
