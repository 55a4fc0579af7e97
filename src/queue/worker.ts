// The worker side of occlusion-wasm/queue: runs shard jobs with the worker's own model
// (attributePartial of the job's method over its windows) and returns their partial
// records. While a job runs its partial is saved as the job's progress every
// checkpointMs, and when an attempt fails; when a job is retried (its worker was killed
// and BullMQ's stalled-job check put it back, or a forward failed) the next attempt
// resumes from that checkpoint, so finished windows are not evaluated again, and the
// result bits are the same.
import { Worker, type ConnectionOptions, type Job, type WorkerOptions } from "bullmq";
import { FeatureAblation, Occlusion, OcclusionPartial, type AttributeOptions, type PartialOptions, type ForwardFunction, type PartialRecord, type TensorLike } from "../index.ts";
import { decodeValue } from "./codec.ts";
import { DEFAULT_QUEUE, JOB_NAME, type ShardJobData } from "./jobs.ts";

/** Options of `startAttributionWorker`. */
export interface AttributionWorkerOptions {
  connection: ConnectionOptions;
  /** The model, as for new Occlusion(forward) (or new FeatureAblation(forward): a job says which method it runs). */
  forward: ForwardFunction;
  /** Queue name shared with the producer. Default "occlusion-wasm". */
  name?: string;
  /** Jobs run at once in this process. Default 1. */
  concurrency?: number;
  /** Least time between two checkpoints of a running job, in ms. Default 1000. */
  checkpointMs?: number;
  /** More BullMQ worker options (lockDuration, stalledInterval, maxStalledCount, …). */
  workerOptions?: Partial<WorkerOptions>;
}

/** Starts a BullMQ worker that runs shard jobs with this process's model and checkpoints each job's partial, so a retry resumes it. */
export function startAttributionWorker(options: AttributionWorkerOptions): Worker<ShardJobData, PartialRecord> {
  const methods = { occlusion: new Occlusion(options.forward), featureAblation: new FeatureAblation(options.forward) };
  const checkpointMs = options.checkpointMs ?? 1000;
  const run = async (job: Job<ShardJobData, PartialRecord>): Promise<PartialRecord> => {
    if (job.name !== JOB_NAME || job.data?.version !== 1) throw new Error(`job ${job.id} is not an occlusion-wasm shard job (name ${job.name})`);
    const name = job.data.method ?? "occlusion";
    if (!Object.prototype.hasOwnProperty.call(methods, name)) throw new Error(`job ${job.id} asks for method ${JSON.stringify(name)}, which this worker does not run`);
    const method = methods[name];
    const inputs = decodeValue(job.data.inputs) as TensorLike | TensorLike[];
    const callOptions = decodeValue(job.data.options) as PartialOptions<AttributeOptions>;
    const saved = job.progress as unknown;
    const resumeFrom = isRecord(saved) ? saved : undefined;
    if (resumeFrom) {
      const done = resumeFrom.done.reduce((sum, [start, end]) => sum + end - start, 0);
      await job.log(`resumed from its checkpoint: ${done} of ${job.data.windows[1] - job.data.windows[0]} windows done`);
    }
    let checkpoint: Promise<unknown> = Promise.resolve();
    const onPartial = (partial: OcclusionPartial) => {
      if (partial.done === partial.total) return; // the result is returned below
      checkpoint = checkpoint.then(() => job.updateProgress(partial.toJSON() as unknown as object)).catch(() => undefined);
    };
    try {
      const partial = await method.attributePartial(inputs, { ...callOptions, windows: job.data.windows, resumeFrom, onPartial, partialIntervalMs: checkpointMs });
      await checkpoint;
      return partial.toJSON();
    } catch (error) {
      // A failed attempt keeps what it did: the next attempt resumes from it.
      const partial = (error as { partial?: OcclusionPartial }).partial;
      await checkpoint;
      if (partial) await job.updateProgress(partial.toJSON() as unknown as object).catch(() => undefined);
      throw error;
    }
  };
  return new Worker<ShardJobData, PartialRecord>(options.name ?? DEFAULT_QUEUE, run, {
    connection: options.connection, concurrency: options.concurrency ?? 1, ...options.workerOptions,
  });
}

function isRecord(value: unknown): value is PartialRecord {
  return typeof value === "object" && value !== null && (value as PartialRecord).format === "occlusion-wasm/partial";
}
