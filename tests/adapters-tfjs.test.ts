/**
 * tfjsForward (occlusion-wasm/adapters) on TensorFlow.js models built here with fixed
 * weights (CPU backend): the same attributions as a plain JS forward computing the same
 * math, several inputs, output choice, and no tensor left behind.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import { Occlusion, OcclusionError, tensor, type Tensor } from "../src/index.ts";
import { tfjsForward } from "../src/adapters/index.ts";

const TOLERANCE = 1e-5;
const [SIDE, KERNEL, FILTERS, CLASSES] = [6, 3, 2, 3];
const CONV_SIDE = SIDE - KERNEL + 1;

/** Deterministic weights in [-1, 1) (a linear congruential sequence). */
function weights(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 30) - 1;
  });
}

const conv = { kernel: weights(KERNEL * KERNEL * FILTERS, 1), bias: weights(FILTERS, 2) };
const dense = { kernel: weights(CONV_SIDE * CONV_SIDE * FILTERS * CLASSES, 3), bias: weights(CLASSES, 4) };

/** conv2d (3x3, valid, relu) -> flatten -> dense, channels last: input [N, 6, 6, 1]. */
function buildConvModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [SIDE, SIDE, 1], filters: FILTERS, kernelSize: KERNEL, activation: "relu" }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: CLASSES }));
  model.setWeights([
    tf.tensor(conv.kernel, [KERNEL, KERNEL, 1, FILTERS]), tf.tensor(conv.bias),
    tf.tensor(dense.kernel, [CONV_SIDE * CONV_SIDE * FILTERS, CLASSES]), tf.tensor(dense.bias),
  ].map((w) => tf.keep(w)));
  return model;
}

/** The same network in plain JS (the reference). */
function convForward(x: Tensor): Tensor {
  const batch = x.shape[0];
  const logits = new Float32Array(batch * CLASSES);
  for (let n = 0; n < batch; n++) {
    const features: number[] = []; // flatten order of [rows, cols, filters]
    for (let r = 0; r < CONV_SIDE; r++) for (let c = 0; c < CONV_SIDE; c++) for (let f = 0; f < FILTERS; f++) {
      let sum = conv.bias[f];
      for (let i = 0; i < KERNEL; i++) for (let j = 0; j < KERNEL; j++) {
        sum += x.data[n * SIDE * SIDE + (r + i) * SIDE + c + j] * conv.kernel[(i * KERNEL + j) * FILTERS + f];
      }
      features.push(Math.max(0, sum));
    }
    for (let k = 0; k < CLASSES; k++) {
      let sum = dense.bias[k];
      features.forEach((value, i) => (sum += value * dense.kernel[i * CLASSES + k]));
      logits[n * CLASSES + k] = sum;
    }
  }
  return { data: logits, shape: [batch, CLASSES] };
}

function assertClose(actual: Tensor, expected: Tensor, what: string): void {
  assert.equal(actual.shape, expected.shape, `${what} shape`);
  actual.data.forEach((value, i) => {
    const want = expected.data[i];
    assert.ok(Math.abs(value - want) <= TOLERANCE * Math.max(1, Math.abs(want)), `${what}[${i}]: ${value} vs ${want}`);
  });
}

const image = tensor(weights(2 * SIDE * SIDE, 5).map((v) => (v + 1) / 2), [2, SIDE, SIDE, 1]);
const OPTIONS = { slidingWindowShapes: [2, 2, 1], strides: [1, 1, 1], target: [0, 2], perturbationsPerEval: 5 };

test.before(async () => {
  await tf.setBackend("cpu");
});

test("attributions through tfjsForward equal those of the same network in plain JS", async () => {
  const model = buildConvModel();
  const expected = await new Occlusion(convForward).attribute(image, OPTIONS);
  const actual = await new Occlusion(tfjsForward(model, tf)).attribute(image, OPTIONS);
  assertClose(actual, expected, "attribution");
  assert.ok(expected.data.some((value) => Math.abs(value) > 1e-3), "the reference map is not all zero");
  model.dispose();
});

test("a run leaves no tensor behind (tf.memory().numTensors)", async () => {
  const model = buildConvModel();
  const before = tf.memory().numTensors;
  await new Occlusion(tfjsForward(model, tf)).attribute(image, OPTIONS);
  assert.is(tf.memory().numTensors, before);
  const failing = tfjsForward(() => {
    tf.ones([2, 2]);
    throw new Error("model failed");
  }, tf);
  const error = await new Occlusion(failing).attribute(image, OPTIONS).catch((e: unknown) => e);
  assert.is((error as OcclusionError).code, "FORWARD_FAILED");
  assert.is(tf.memory().numTensors, before, "after a failing call");
  model.dispose();
});

test("a two-input functional model gets one tensor per input, in order", async () => {
  const a = tf.input({ shape: [4] });
  const b = tf.input({ shape: [3] });
  const layer = tf.layers.dense({ units: 2, useBias: false });
  const model = tf.model({ inputs: [a, b], outputs: layer.apply(tf.layers.concatenate().apply([a, b])) as tf.SymbolicTensor });
  const kernel = weights(14, 6);
  layer.setWeights([tf.tensor(kernel, [7, 2])]);
  const reference = (x: Tensor, y: Tensor) => {
    const out = new Float32Array(x.shape[0] * 2);
    for (let n = 0; n < x.shape[0]; n++) for (let k = 0; k < 2; k++) {
      for (let i = 0; i < 4; i++) out[n * 2 + k] += x.data[n * 4 + i] * kernel[i * 2 + k];
      for (let i = 0; i < 3; i++) out[n * 2 + k] += y.data[n * 3 + i] * kernel[(4 + i) * 2 + k];
    }
    return { data: out, shape: [x.shape[0], 2] };
  };
  const inputs = [tensor([[1, 2, 3, 4]]), tensor([[5, 6, 7]])];
  const options = { slidingWindowShapes: [[1], [1]], strides: [1, 1], target: 1, perturbationsPerEval: 3 };
  const expected = await new Occlusion(reference).attribute(inputs, options);
  const actual = await new Occlusion(tfjsForward(model, tf)).attribute(inputs, options);
  actual.forEach((attr, i) => assertClose(attr, expected[i], `input ${i}`));
  const error = await tfjsForward(model, tf)(inputs[0]).catch((e: unknown) => e);
  assert.is((error as OcclusionError).code, "ADAPTER_INPUTS");
});

test("inputNames feed a map and output picks one of several outputs", async () => {
  let fed: string[] = [];
  const graphLike = {
    predict(map: Record<string, tf.Tensor>) {
      fed = Object.keys(map);
      return { sum: tf.add(map.x, map.y), product: tf.mul(map.x, map.y) };
    },
  };
  const forward = tfjsForward(graphLike, tf, { inputNames: ["x", "y"], output: "product" });
  const before = tf.memory().numTensors;
  const result = await forward(tensor([[2, 3]]), tensor([[4, 5]]));
  assert.equal(fed, ["x", "y"]);
  assert.equal(Array.from(result.data), [8, 15]);
  assert.equal(result.shape, [1, 2]);
  assert.is(tf.memory().numTensors, before, "the unused output is disposed too");
  assert.throws(() => tfjsForward({} as never, tf), (e: OcclusionError) => e.code === "ADAPTER_MODEL");
});

test.run();
