// occlusion-wasm/pool: run the model in N workers (worker_threads in Node, Web Workers in
// browsers), one batch each, as one forward function fed through `concurrency`.
export { createForwardPool, type ForwardPool, type ForwardPoolOptions } from "./forward-pool.ts";
export { onnxPool, type OnnxPool, type OnnxPoolOptions } from "./onnx-pool.ts";
export { POOL_ERROR_CODES } from "./errors.ts";
