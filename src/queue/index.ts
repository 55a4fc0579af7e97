// occlusion-wasm/queue: one attribution (or a list of them) split into shard jobs on a
// BullMQ queue in Redis, run by workers in any number of processes or machines, merged
// by the producer to the bits of one attribute call (docs/long-runs.md). bullmq is an
// optional peer dependency: only this entry imports it.
export { AttributionQueue, type AttributionQueueOptions, type ShardingOptions } from "./producer.ts";
export { startAttributionWorker, type AttributionWorkerOptions } from "./worker.ts";
export { shardRanges, DEFAULT_QUEUE, JOB_NAME, type QueueMethod, type ShardJobData } from "./jobs.ts";
export { QUEUE_ERROR_CODES } from "./errors.ts";
