// Error codes of occlusion-wasm/queue (README's error table lists them with the core's).
/** The `OcclusionError` codes of `occlusion-wasm/queue`, each with a one-line description. */
export const QUEUE_ERROR_CODES = {
  QUEUE_OPTIONS: "an option cannot travel to queue workers (a function, a signal, resumeFrom or windows), or the queue's own options are wrong",
  QUEUE_JOB_FAILED: "a shard job failed on its last attempt; cause holds the worker's reason",
} as const;
