/**
 * One queue worker process for tests/queue.test.ts: the Fashion-MNIST model through
 * onnxruntime-web, started with startAttributionWorker. Usage: queue-worker.ts PORT
 * QUEUE DELAY_MS (a pause per forward call, so a job lasts long enough to be killed).
 * Prints "ready" once listening, "active <jobId>" when a job starts and "checkpoint
 * <jobId>" when a running job's partial was saved.
 */
import { onnxForward } from "../../src/adapters/index.ts";
import { startAttributionWorker } from "../../src/queue/index.ts";
import { createFashionSession } from "./fashion-mnist.ts";
import * as ort from "onnxruntime-web";

const [port, name, delay] = process.argv.slice(2);
const session = await createFashionSession();
const model = onnxForward(session, ort.Tensor);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const forward = async (...args: unknown[]) => {
  await pause(Number(delay));
  return model(...args);
};
const worker = startAttributionWorker({
  connection: { host: "127.0.0.1", port: Number(port) }, name, forward, checkpointMs: 50,
  workerOptions: { lockDuration: 1500, stalledInterval: 500, maxStalledCount: 3 },
});
worker.on("active", (job) => console.log(`active ${job.id}`));
worker.on("progress", (job) => console.log(`checkpoint ${job.id}`));
await worker.waitUntilReady();
console.log("ready");
process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
