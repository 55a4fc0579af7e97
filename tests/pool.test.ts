// occlusion-wasm/pool: a forward run in worker threads gives the attributions of the
// same forward in this thread, bit for bit, for any pool size and concurrency; failures
// in a worker end the run with FORWARD_FAILED; bad modules and closed pools are refused.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ort from "onnxruntime-web";
import { Occlusion, OcclusionError, tensor, type ForwardFunction } from "../src/index.ts";
import { onnxForward } from "../src/adapters/index.ts";
import { createForwardPool, onnxPool } from "../src/pool/index.ts";
import { createFashionSession, readSampleImage } from "./support/fashion-mnist.ts";

const MODULE = new URL("./fixtures/pool/sum-forward.mjs", import.meta.url);
// The same module the workers import, loaded here for the one-thread reference.
const { createForward } = (await import(MODULE.href)) as { createForward: (options: object) => (...args: any[]) => unknown };
const FASHION_MODEL = new URL("../examples/fashion-mnist/model.onnx", import.meta.url);

function image(seed: number, shape: number[]) {
  let state = seed;
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: size }, () => ((state = (state * 48271) % 2147483647) / 2147483647)), shape);
}

const options = { slidingWindowShapes: [1, 5, 5], strides: [1, 3, 3], perturbationsPerEval: 4 };

test("a pool of 3 gives the attributions of the forward in this thread, bit for bit", async () => {
  const input = image(7, [2, 2, 20, 20]);
  const expected = await new Occlusion(createForward({ seed: 3 }) as ForwardFunction).attribute(input, options);
  const pool = await createForwardPool(MODULE, { size: 3, options: { seed: 3, async: true } });
  try {
    const got = await new Occlusion(pool.forward).attribute(input, { ...options, concurrency: pool.size });
    assert.equal(got.shape, expected.shape);
    assert.ok(Buffer.from(got.data.buffer).equals(Buffer.from(expected.data.buffer)));
    // a second run on the same pool reuses the moved buffers and still agrees
    const again = await new Occlusion(pool.forward).attribute(input, { ...options, concurrency: 2 });
    assert.ok(Buffer.from(again.data.buffer).equals(Buffer.from(expected.data.buffer)));
  } finally {
    await pool.close();
  }
});

test("the caller's input is not written and a failing worker call ends the run with FORWARD_FAILED", async () => {
  const input = image(9, [1, 1, 12, 12]);
  input.data[40] = 1234;
  const before = input.data.slice();
  const pool = await createForwardPool(MODULE, { size: 2, options: { seed: 1, failOn: 0 } });
  try {
    // baseline 0 puts the marker value 0 into every perturbed batch: the first batch fails
    const error = await new Occlusion(pool.forward).attribute(input, { slidingWindowShapes: [1, 3, 3], strides: [1, 3, 3], concurrency: 2 })
      .then(() => undefined, (e: unknown) => e);
    assert.instance(error, OcclusionError);
    assert.is((error as OcclusionError).code, "FORWARD_FAILED");
    assert.match((error as OcclusionError).message, "marker seen");
    assert.equal(input.data, before);
  } finally {
    await pool.close();
  }
});

test("a module without createForward is POOL_MODULE; a bad size is POOL_OPTIONS; a closed pool is POOL_CLOSED", async () => {
  const missing = await createForwardPool(new URL("./fixtures/pool/missing.mjs", import.meta.url), { size: 1 }).then(() => undefined, (e) => e);
  assert.is((missing as OcclusionError).code, "POOL_MODULE");
  const size = await createForwardPool(MODULE, { size: 0 }).then(() => undefined, (e) => e);
  assert.is((size as OcclusionError).code, "POOL_OPTIONS");
  const pool = await createForwardPool(MODULE, { size: 1, options: { seed: 1 } });
  await pool.close();
  const closed = await pool.forward(tensor(new Float32Array(4), [1, 4])).then(() => undefined, (e) => e);
  assert.is((closed as OcclusionError).code, "POOL_CLOSED");
});

test("onnxPool: two onnxruntime-web sessions give one session's attributions, bit for bit", async () => {
  const { pixels } = await readSampleImage("9-ankle-boot.png");
  const input = tensor(pixels, [1, 1, 28, 28]);
  const run = { slidingWindowShapes: [1, 6, 6], strides: [1, 4, 4], target: 9, perturbationsPerEval: 5 };
  const expected = await new Occlusion(onnxForward(await createFashionSession(), ort.Tensor)).attribute(input, run);
  const pool = await onnxPool("onnxruntime-web", FASHION_MODEL.pathname, { size: 2 });
  try {
    const got = await new Occlusion(pool.forward).attribute(input, { ...run, concurrency: pool.size });
    assert.ok(Buffer.from(got.data.buffer).equals(Buffer.from(expected.data.buffer)));
  } finally {
    await pool.close();
  }
});

test.run();
