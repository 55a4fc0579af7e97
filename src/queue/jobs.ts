// The shard job of occlusion-wasm/queue, as it is stored in Redis: one attribution's
// inputs and options (codec.ts) and the window range [start, end) to evaluate. A worker
// returns the shard's partial record (OcclusionPartial.toJSON) as the job's result.
/** The BullMQ job name of a shard. */
export const JOB_NAME = "occlusion-shard";
/** The queue name producer and workers use by default. */
export const DEFAULT_QUEUE = "occlusion-wasm";

/** The attribution methods a shard job can run. */
export type QueueMethod = "occlusion" | "featureAblation";

/** A shard job as stored in Redis: one attribution's inputs and options and the window range to evaluate. */
export interface ShardJobData {
  version: 1;
  /** Which method the worker runs; absent (jobs of earlier producers): "occlusion". */
  method?: QueueMethod;
  /** Which attribution of the producer's call (attributeMany's list index; 0 for attribute). */
  item: number;
  inputs: unknown;
  options: unknown;
  /** Windows (FeatureAblation: features) [start, end) to evaluate. */
  windows: [number, number];
}

/** [start, end) ranges splitting `windowCount` windows into `shards` near-equal parts (fewer when there are fewer windows). */
export function shardRanges(windowCount: number, shards: number): [number, number][] {
  const count = Math.max(1, Math.min(shards, windowCount));
  return Array.from({ length: count }, (_, index): [number, number] => [
    Math.floor((index * windowCount) / count), Math.floor(((index + 1) * windowCount) / count),
  ]);
}
