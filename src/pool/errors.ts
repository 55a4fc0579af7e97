// The codes createForwardPool and onnxPool throw OcclusionError with.

/** The `OcclusionError` codes of `occlusion-wasm/pool`, each with a one-line description. */
export const POOL_ERROR_CODES = {
  POOL_OPTIONS: "createForwardPool got a size that is not a positive integer",
  POOL_MODULE: "a pool worker could not import its forward module or build its forward",
  POOL_WORKER: "a pool worker crashed or exited while the pool was in use",
  POOL_CLOSED: "a call was made on (or was running when) the pool was closed",
} as const;
