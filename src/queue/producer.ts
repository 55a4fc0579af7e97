// The producer side of occlusion-wasm/queue: splits attributions into shard jobs
// (windows [start, end)) on a BullMQ queue, waits for the workers' partial records and
// merges them (mergePartials: the bits of one attribute call).
import { Queue, QueueEvents, type ConnectionOptions, type JobsOptions } from "bullmq";
import { OcclusionError, featureCount, mergePartials, windowCount, type AttributeOptions, type FeatureAblationOptions, type PartialRecord, type Tensor, type TensorLike } from "../index.ts";
import { encodeOptions, encodeValue } from "./codec.ts";
import { DEFAULT_QUEUE, JOB_NAME, shardRanges, type QueueMethod, type ShardJobData } from "./jobs.ts";

/** Options of `new AttributionQueue`. */
export interface AttributionQueueOptions {
  /** Where Redis is: BullMQ's connection options (host, port, …) or an ioredis instance. */
  connection: ConnectionOptions;
  /** Queue name shared with the workers. Default "occlusion-wasm". */
  name?: string;
  /** BullMQ job options of each shard. Default 3 attempts; finished jobs are removed after an hour. */
  jobOptions?: JobsOptions;
}

/** How an attribution is split into shard jobs, and which method the workers run. */
export interface ShardingOptions {
  /** Shard jobs per attribution (fewer when there are fewer windows). Default 8. */
  shards?: number;
  /** "occlusion" (the default; options as for Occlusion.attribute) or "featureAblation" (options as for FeatureAblation.attribute, split by features). */
  method?: QueueMethod;
}

const METHODS: readonly QueueMethod[] = ["occlusion", "featureAblation"];

type Inputs = TensorLike | readonly TensorLike[];

/** The producer: splits attributions into shard jobs on a BullMQ queue and merges the workers' partials into the result. */
export class AttributionQueue {
  readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly jobOptions: JobsOptions;

  /** Opens the queue and its event stream on Redis. */
  constructor(options: AttributionQueueOptions) {
    if (!options || typeof options !== "object" || !options.connection) {
      throw new OcclusionError("QUEUE_OPTIONS", "new AttributionQueue({ connection }) needs BullMQ connection options for Redis");
    }
    const name = options.name ?? DEFAULT_QUEUE;
    this.queue = new Queue(name, { connection: options.connection });
    this.events = new QueueEvents(name, { connection: options.connection });
    this.jobOptions = { attempts: 3, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 }, ...options.jobOptions };
  }

  /** One attribution run as shard jobs by the workers; resolves as attribute(inputs, options) does. */
  async attribute(inputs: Inputs, options: AttributeOptions | FeatureAblationOptions, sharding: ShardingOptions = {}): Promise<Tensor | Tensor[]> {
    const [result] = await this.attributeMany([inputs], options, sharding);
    return result;
  }

  /** Several attributions with the same options (e.g. a list of images), all shards queued at once. */
  async attributeMany(list: readonly Inputs[], options: AttributeOptions | FeatureAblationOptions, sharding: ShardingOptions = {}): Promise<(Tensor | Tensor[])[]> {
    const shards = sharding.shards ?? 8;
    const method = sharding.method ?? "occlusion";
    if (!Number.isInteger(shards) || shards < 1) throw new OcclusionError("QUEUE_OPTIONS", `shards must be a positive integer, got ${String(shards)}`);
    if (!METHODS.includes(method)) throw new OcclusionError("QUEUE_OPTIONS", `method must be "occlusion" or "featureAblation", got ${JSON.stringify(method)}`);
    const encodedOptions = encodeOptions(options as unknown as Record<string, unknown>);
    // Each call is checked here, before anything is queued.
    const counts = await Promise.all(list.map((inputs) => (method === "occlusion"
      ? windowCount(inputs, options as AttributeOptions) : featureCount(inputs, options as FeatureAblationOptions))));
    const jobs = list.flatMap((inputs, item) => {
      const encodedInputs = encodeValue(inputs, "inputs");
      return shardRanges(counts[item], shards).map((windows) => {
        const data: ShardJobData = { version: 1, method, item, inputs: encodedInputs, options: encodedOptions, windows };
        return { name: JOB_NAME, data, opts: this.jobOptions };
      });
    });
    await this.events.waitUntilReady();
    const added = await this.queue.addBulk(jobs);
    const records = await Promise.all(added.map(async (job) => {
      try {
        return { item: (job.data as ShardJobData).item, record: (await job.waitUntilFinished(this.events)) as PartialRecord };
      } catch (reason) {
        const [start, end] = (job.data as ShardJobData).windows;
        throw new OcclusionError("QUEUE_JOB_FAILED", `shard job ${job.id} (windows ${start} to ${end - 1}) failed: ${reason instanceof Error ? reason.message : String(reason)}`, { cause: reason });
      }
    }));
    return Promise.all(list.map((_, item) => mergePartials(records.filter((entry) => entry.item === item).map((entry) => entry.record))));
  }

  /** Closes the producer's Redis connections (the queue and its jobs stay). */
  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.queue.close()]);
  }
}
