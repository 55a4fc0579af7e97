// tensor() and the tensor-like adapters: onnxruntime ({ data, dims }), TensorFlow.js
// ({ shape, dataSync() }) and ndarray ({ data, shape, stride, offset }) inputs give the
// same attributions as a plain Tensor.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, OcclusionError, init, tensor, type Tensor } from "../src/index.ts";

const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
const sumRows = (x: Tensor) => {
  const rows = x.shape[0];
  const width = x.data.length / rows;
  return Float32Array.from({ length: rows }, (_, row) => x.data.subarray(row * width, (row + 1) * width).reduce((a, b) => a + b * b, 0));
};
const options = { slidingWindowShapes: [2], strides: 1 };

test.before(async () => {
  await init();
});

test("tensor() infers the shape of nested arrays and flattens them row-major", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(t.shape, [2, 3]);
  assert.equal(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
});

test("tensor() keeps a Float32Array without copying and checks the shape", () => {
  assert.is(tensor(data, [2, 3]).data, data);
  assert.equal(tensor([1, 2]).shape, [2]);
  assert.throws(() => tensor(data, [4, 2]), (error: unknown) => (error as OcclusionError).code === "INVALID_INPUT");
  assert.throws(() => tensor([[1, 2], [3]]), (error: unknown) => (error as OcclusionError).code === "INVALID_INPUT");
});

test("onnxruntime, TensorFlow.js and ndarray inputs give the plain Tensor's result", async () => {
  const occlusion = new Occlusion(sumRows);
  const expected = await occlusion.attribute(tensor(data, [2, 3]), options);
  const forms: unknown[] = [
    { data: Float64Array.from(data), dims: [2, 3], type: "float32" },
    { shape: [2, 3], dataSync: () => data },
    { data: Array.from(data), shape: [2, 3], stride: [3, 1], offset: 0 },
  ];
  for (const form of forms) {
    const result = await occlusion.attribute(form as Tensor, options);
    assert.equal(Array.from(result.data), Array.from(expected.data));
    assert.equal(result.shape, [2, 3]);
  }
});

test("rejects strided ndarray views and plain nested arrays as inputs", async () => {
  const occlusion = new Occlusion(sumRows);
  const strided = { data, shape: [2, 3], stride: [1, 2], offset: 0 };
  for (const input of [strided, [[1, 2, 3]]]) {
    try {
      await occlusion.attribute(input as unknown as Tensor, options);
      assert.unreachable("should reject");
    } catch (error) {
      assert.is((error as OcclusionError).code, "INVALID_INPUT");
    }
  }
});

test("forward may return a typed array, a number[] or nested arrays", async () => {
  const expected = await new Occlusion(sumRows).attribute(tensor(data, [2, 3]), options);
  const returns = [(x: Tensor) => Array.from(sumRows(x)), (x: Tensor) => Array.from(sumRows(x), (v) => [v]).flat(), (x: Tensor) => sumRows(x)];
  for (const forward of returns) {
    const result = await new Occlusion(forward).attribute(tensor(data, [2, 3]), options);
    assert.equal(Array.from(result.data), Array.from(expected.data));
  }
});

test.run();
