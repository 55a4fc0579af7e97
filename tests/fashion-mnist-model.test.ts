/**
 * The committed Fashion-MNIST model runs in JavaScript alone: onnxruntime-web
 * (wasm backend) reproduces the predictions and logits PyTorch recorded in
 * examples/fashion-mnist/samples/labels.json.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  createFashionSession,
  readModelMetadata,
  readSampleImage,
  readSampleLabels,
  runFashionModel,
  toModelInput,
} from "./support/fashion-mnist.ts";

const LOGIT_TOLERANCE = 1e-4;
const CLASS_COUNT = 10;

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

test("the samples cover every class, each a 28x28 image in [0, 1]", async () => {
  const labels = await readSampleLabels();
  assert.equal(labels.map((s) => s.label).sort((a, b) => a - b), [...Array(CLASS_COUNT).keys()]);
  for (const sample of labels) {
    const image = await readSampleImage(sample.file);
    assert.is(image.width, 28, sample.file);
    assert.is(image.height, 28, sample.file);
    assert.ok(image.pixels.every((p) => p >= 0 && p <= 1), `${sample.file} pixels in [0, 1]`);
  }
});

test("the session has the input and output model.json declares", async () => {
  const metadata = await readModelMetadata();
  const session = await createFashionSession();
  assert.equal(session.inputNames, [metadata.input.name]);
  assert.equal(session.outputNames, [metadata.output.name]);
  assert.is(metadata.classNames.length, CLASS_COUNT);
});

test("one batch of all samples gives PyTorch's classes and logits", async () => {
  const labels = await readSampleLabels();
  const images = await Promise.all(labels.map((s) => readSampleImage(s.file)));
  const session = await createFashionSession();
  const logits = await runFashionModel(session, toModelInput(images));

  assert.equal(logits.dims, [labels.length, CLASS_COUNT]);
  const data = logits.data as Float32Array;
  labels.forEach((sample, n) => {
    const row = data.subarray(n * CLASS_COUNT, (n + 1) * CLASS_COUNT);
    assert.is(argmax(row), sample.predicted, `${sample.file} predicted class`);
    row.forEach((value, k) => {
      const expected = sample.logits[k];
      assert.ok(Math.abs(value - expected) <= LOGIT_TOLERANCE,
        `${sample.file} logit ${k}: onnxruntime-web ${value}, PyTorch ${expected}`);
    });
  });
});

test("batch size does not change the logits (dynamic batch dimension)", async () => {
  const labels = await readSampleLabels();
  const images = await Promise.all(labels.map((s) => readSampleImage(s.file)));
  const session = await createFashionSession();
  const all = (await runFashionModel(session, toModelInput(images))).data as Float32Array;
  for (const [n, image] of images.entries()) {
    const single = (await runFashionModel(session, toModelInput([image]))).data as Float32Array;
    const row = all.subarray(n * CLASS_COUNT, (n + 1) * CLASS_COUNT);
    single.forEach((value, k) => assert.ok(Math.abs(value - row[k]) <= LOGIT_TOLERANCE, `${labels[n].file} logit ${k}`));
  }
});

test.run();
