// occlusion-wasm/queue for real: Debian's redis-server on a free loopback port, three
// worker processes each with its own Fashion-MNIST model (onnxruntime-web), one of them
// killed (SIGKILL) in the middle of a job. BullMQ's stalled-job check hands that job to
// another worker, which resumes from the job's last checkpoint; the merged result is bit
// for bit the single-process attribute result. Under CI=true a missing redis-server fails.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, OcclusionError, featureCount, init, type Tensor } from "../src/index.ts";
import { onnxForward } from "../src/adapters/index.ts";
import { AttributionQueue, startAttributionWorker } from "../src/queue/index.ts";
import * as ort from "onnxruntime-web";
import { createFashionSession, readSampleImage, readSampleLabels, toModelInput } from "./support/fashion-mnist.ts";
import { redisServerPath, startRedis, type RedisServer } from "./support/redis-server.ts";

const binary = redisServerPath();
if (!binary && process.env.CI === "true") throw new Error("redis-server is missing: .ci/run installs it (apt-get install redis-server)");

const WORKER = new URL("./support/queue-worker.ts", import.meta.url).pathname;
const OPTIONS = { slidingWindowShapes: [1, 4, 4], strides: [1, 2, 2], perturbationsPerEval: 4 };
const bits = (data: Float32Array) => Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length));

interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  ready: Promise<void>;
  onLine(listener: (line: string) => void): void;
}

function startWorker(port: number, name: string, delayMs: number): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, String(port), name, String(delayMs)], { stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    listeners.forEach((listener) => listener(line));
  });
  const ready = new Promise<void>((resolve, reject) => {
    listeners.push((line) => line === "ready" && resolve());
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  return { child, lines, ready, onLine: (listener) => listeners.push(listener) };
}

let redis: RedisServer | null = null;
const workers: WorkerProcess[] = [];

test.after(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
  await redis?.stop();
});

test("3 worker processes, one killed mid-job: the merged result is the single-process result, bit for bit", async () => {
  if (!binary) {
    console.log("  (skipped: no redis-server on this machine; .ci/run installs it)");
    return;
  }
  await init();
  redis = await startRedis(binary);
  const labels = await readSampleLabels();
  const images = await Promise.all(labels.slice(0, 2).map((sample) => readSampleImage(sample.file)));
  const inputs: Tensor[] = images.map((image) => {
    const tensor = toModelInput([image]);
    return { data: tensor.data as Float32Array, shape: [...tensor.dims] };
  });
  const targets = labels.slice(0, 2).map((sample) => sample.predicted);

  const session = await createFashionSession();
  const single = new Occlusion(onnxForward(session, ort.Tensor));
  const expected: Tensor[] = await Promise.all(inputs.map((input, index) => single.attribute(input, { ...OPTIONS, target: targets[index] })));

  const name = `occlusion-test-${process.pid}`;
  for (let index = 0; index < 3; index++) workers.push(startWorker(redis.port, name, 30));
  await Promise.all(workers.map((worker) => worker.ready));
  // Worker 0 is killed in its first job, once that job has saved a checkpoint.
  let killed: string | null = null;
  workers[0].onLine((line) => {
    if (!line.startsWith("checkpoint ") || killed) return;
    killed = line.slice("checkpoint ".length);
    workers[0].child.kill("SIGKILL");
  });

  const producer = new AttributionQueue({ connection: { host: "127.0.0.1", port: redis.port }, name });
  try {
    const results: Tensor[] = [];
    for (const [index, input] of inputs.entries()) {
      results.push((await producer.attribute(input, { ...OPTIONS, target: targets[index] }, { shards: 6 })) as Tensor);
    }
    assert.ok(killed !== null, "worker 0 took a job");
    assert.ok(workers[0].child.signalCode === "SIGKILL", "worker 0 was killed");
    const retried = workers.slice(1).some((worker) => worker.lines.includes(`active ${killed}`));
    assert.ok(retried, `job ${killed} was taken again by another worker after its worker died: ${JSON.stringify(workers.map((w) => w.lines))}`);
    results.forEach((result, index) => {
      assert.equal(result.shape, expected[index].shape);
      assert.equal(bits(result.data), bits(expected[index].data), `image ${index}`);
    });
    const { logs } = await producer.queue.getJobLogs(killed!);
    const resumed = logs.find((line) => line.startsWith("resumed from its checkpoint"));
    assert.ok(resumed && !/: 0 of/.test(resumed), `the retried job resumed from the killed worker's checkpoint: ${JSON.stringify(logs)}`);
  } finally {
    await producer.close();
  }
});

test("a shard job that fails on its last attempt rejects the producer with QUEUE_JOB_FAILED naming its windows", async () => {
  if (!binary || !redis) return;
  const connection = { host: "127.0.0.1", port: redis.port };
  const name = `occlusion-fail-${process.pid}`;
  const worker = startAttributionWorker({ connection, name, forward: () => {
    throw new Error("GPU lost");
  } });
  const producer = new AttributionQueue({ connection, name, jobOptions: { attempts: 1 } });
  try {
    await producer.attribute({ data: new Float32Array(8), shape: [1, 8] }, { slidingWindowShapes: [2], strides: 2 }, { shards: 2 });
    assert.unreachable("the producer resolved");
  } catch (error) {
    assert.instance(error, OcclusionError);
    assert.is((error as OcclusionError).code, "QUEUE_JOB_FAILED");
    assert.match((error as OcclusionError).message, /windows \d+ to \d+\) failed: .*GPU lost/, (error as Error).message);
  } finally {
    await producer.close();
    await worker.close();
  }
});

test("a failed attempt saves what it did; the retry evaluates only the rest and merges to the same bits", async () => {
  if (!binary || !redis) return;
  await init();
  const connection = { host: "127.0.0.1", port: redis.port };
  const name = `occlusion-retry-${process.pid}`;
  const input: Tensor = { data: Float32Array.from({ length: 2 * 12 }, (_, i) => Math.sin(i)), shape: [2, 12] };
  const options = { slidingWindowShapes: [2], strides: 1 }; // 11 windows, one scalar per example
  const model = (x: Tensor) => ({ data: Float32Array.from({ length: x.shape[0] }, (_, b) => Math.tanh(x.data[b * 12 + 3] + 2 * x.data[b * 12 + 7])), shape: [x.shape[0]] });
  const expected = await new Occlusion(model).attribute(input, options);
  let calls = 0;
  const flaky = (x: Tensor) => {
    if (++calls === 6) throw new Error("transient"); // the first attempt fails after 4 windows
    return model(x);
  };
  const worker = startAttributionWorker({ connection, name, forward: flaky });
  const producer = new AttributionQueue({ connection, name, jobOptions: { attempts: 2 } });
  try {
    const result = (await producer.attribute(input, options, { shards: 1 })) as Tensor;
    assert.equal(bits(result.data), bits(expected.data));
    assert.is(calls, 6 + 1 + 7); // attempt 1: reference, 4 windows, the failing call; attempt 2: reference, the other 7
  } finally {
    await producer.close();
    await worker.close();
  }
});

test("FeatureAblation through the queue: shards split by features merge to one call's bits (a mask given, and the default mask)", async () => {
  if (!binary || !redis) return;
  await init();
  const connection = { host: "127.0.0.1", port: redis.port };
  const name = `occlusion-ablation-${process.pid}`;
  const input: Tensor = { data: Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.cos(i)), shape: [2, 3, 4] };
  const model = (x: Tensor) => {
    const rows = x.shape[0];
    const out = new Float32Array(rows * 2);
    for (let b = 0; b < rows; b++) for (let i = 0; i < 12; i++) out[b * 2 + (i % 2)] += Math.tanh(x.data[b * 12 + i] * (i + 1));
    return { data: out, shape: [rows, 2] };
  };
  const masked = { featureMask: { data: Int32Array.from({ length: 12 }, (_, i) => [4, 9, 4, 7][i % 4]), shape: [1, 3, 4] }, target: 1, perturbationsPerEval: 2 };
  const whole = { target: 0 };
  const single = new FeatureAblation(model);
  const expected = [await single.attribute(input, masked), await single.attribute(input, whole)];
  assert.is(await featureCount(input, masked), 3);
  const worker = startAttributionWorker({ connection, name, forward: model });
  const producer = new AttributionQueue({ connection, name });
  try {
    const results = [
      (await producer.attribute(input, masked, { shards: 2, method: "featureAblation" })) as Tensor,
      (await producer.attribute(input, whole, { shards: 5, method: "featureAblation" })) as Tensor,
    ];
    results.forEach((result, index) => assert.equal(bits(result.data), bits(expected[index].data), `call ${index}`));
    const wrong = await producer.attribute(input, whole, { method: "lime" as never }).then(() => null, (caught: unknown) => caught);
    assert.instance(wrong, OcclusionError);
    assert.is((wrong as OcclusionError).code, "QUEUE_OPTIONS");
  } finally {
    await producer.close();
    await worker.close();
  }
});

test.run();
