// visualizeImageAttr beyond one pixel per attribution pixel: every tensor-like that
// attribute accepts (onnxruntime { data, dims }, TF.js tensors, int64 data), scaling to
// a size (nearest: exact blocks; smooth: bilinear, worked out by hand), and the colour
// legend whose bar is the colour map and whose labels are the normalisation scale.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import { OcclusionError } from "../src/errors.ts";
import { cumulativeSumThreshold, resizeImage, visualizeImageAttr, type RgbaImage } from "../src/visualize/index.ts";
import { colorTable } from "../src/visualize/colormaps.ts";
import { formatValue, legendLabels } from "../src/visualize/legend.ts";

const throwsCode = (fn: () => unknown, code: string) =>
  assert.throws(fn, (error: unknown) => error instanceof OcclusionError && error.code === code);
const pixel = (image: RgbaImage, x: number, y: number) => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));

// A 28×28 map and image, values varied enough that neighbours differ.
const values = Float32Array.from({ length: 28 * 28 }, (_, i) => Math.sin(i * 0.37) * (i % 5) - 0.5);
const image = Float32Array.from({ length: 28 * 28 }, (_, i) => (i * 7) % 256 / 255);
const attr = { data: values, shape: [1, 1, 28, 28] };
const picture = { data: image, shape: [1, 1, 28, 28] };

test("onnxruntime tensors, TF.js tensors and int64 data draw the same pixels as { data, shape }", () => {
  const expected = visualizeImageAttr(attr, picture, { method: "blended_heat_map", sign: "all" });
  const onnx = visualizeImageAttr(new ort.Tensor("float32", values, [1, 1, 28, 28]), new ort.Tensor("float32", image, [1, 1, 28, 28]), { method: "blended_heat_map", sign: "all" });
  assert.equal(onnx.data, expected.data);
  const tfAttr = tf.tensor(values, [1, 1, 28, 28]);
  const tfImage = tf.tensor(image, [1, 1, 28, 28]);
  assert.equal(visualizeImageAttr(tfAttr, tfImage, { method: "blended_heat_map", sign: "all" }).data, expected.data);
  tf.dispose([tfAttr, tfImage]);
  const ints = [3, -1, 0, 7];
  const fromInt64 = visualizeImageAttr({ data: BigInt64Array.from(ints, BigInt), dims: [2, 2] }, null, { sign: "all" });
  assert.equal(fromInt64.data, visualizeImageAttr({ data: ints, shape: [2, 2] }, null, { sign: "all" }).data);
});

test("a disposed TF.js tensor or a non-tensor is VIS_SHAPE", () => {
  const disposed = tf.tensor([1, 2, 3, 4], [2, 2]);
  disposed.dispose();
  throwsCode(() => visualizeImageAttr(disposed, null), "VIS_SHAPE");
  throwsCode(() => visualizeImageAttr({ dims: [2, 2] } as never, null), "VIS_SHAPE");
});

test("size scales by nearest neighbour: a 28×28 map at size 280 is 10×10 blocks of the original pixels", () => {
  const small = visualizeImageAttr(attr, picture, { method: "blended_heat_map", sign: "all" });
  const large = visualizeImageAttr(attr, picture, { method: "blended_heat_map", sign: "all", size: 280 });
  assert.equal([large.width, large.height], [280, 280]);
  for (let y = 0; y < 280; y++) {
    for (let x = 0; x < 280; x++) assert.equal(pixel(large, x, y), pixel(small, Math.floor(x / 10), Math.floor(y / 10)));
  }
  assert.is(large.scale, small.scale);
});

test("size as a number is the longer side; { width, height } sets both", () => {
  const wide = { data: new Float32Array(2 * 4).map((_, i) => i), shape: [2, 4] };
  const byLonger = visualizeImageAttr(wide, null, { size: 100 });
  assert.equal([byLonger.width, byLonger.height], [100, 50]);
  const exact = visualizeImageAttr(wide, null, { size: { width: 8, height: 6 } });
  assert.equal([exact.width, exact.height], [8, 6]);
  // 4 → 8 columns: every column doubled; 2 → 6 rows: every row tripled.
  const original = visualizeImageAttr(wide, null);
  for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) assert.equal(pixel(exact, x, y), pixel(original, x >> 1, Math.floor(y / 3)));
});

test("smooth scaling interpolates between pixel centres (bilinear), worked out by hand", () => {
  const row: RgbaImage = { data: new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]), width: 2, height: 1 };
  const smooth = resizeImage(row, 4, 1, true);
  // Output centres fall at source x = -0.25, 0.25, 0.75, 1.25: clamped, 0, 1/4, 3/4, 1 of the way.
  assert.equal([0, 1, 2, 3].map((x) => pixel(smooth, x, 0)[0]), [0, 64, 191, 255]);
  assert.equal([0, 1, 2, 3].map((x) => pixel(resizeImage(row, 4, 1), x, 0)[0]), [0, 0, 255, 255]);
  // A transparent pixel does not darken its opaque neighbour (alpha is premultiplied).
  const halfClear: RgbaImage = { data: new Uint8ClampedArray([0, 0, 0, 0, 200, 100, 50, 255]), width: 2, height: 1 };
  const blended = resizeImage(halfClear, 4, 1, true);
  assert.equal(pixel(blended, 1, 0), [200, 100, 50, 64]);
  const viaOption = visualizeImageAttr(attr, picture, { method: "blended_heat_map", size: 56, smooth: true });
  assert.equal([viaOption.width, viaOption.height], [56, 56]);
});

test("legend: a bar through the colour map under the picture, labelled with the scale", () => {
  const plain = visualizeImageAttr(attr, null, { sign: "all", size: 280 });
  const withLegend = visualizeImageAttr(attr, null, { sign: "all", size: 280, legend: true });
  assert.is(withLegend.width, 280);
  assert.ok(withLegend.height > 280 && withLegend.height < 340, `legend band of ${withLegend.height - 280} px`);
  assert.equal(withLegend.data.subarray(0, plain.data.length), plain.data, "the picture is unchanged above the legend");
  const magnitudes = values.map(Math.abs);
  assert.is(withLegend.scale, cumulativeSumThreshold(magnitudes, 98));
  // The bar's row: red at the left end (-scale), green at the right end (+scale), as the heat map.
  const table = colorTable("RdWhGn");
  const barRow = (y: number) => Array.from({ length: 280 }, (_, x) => pixel(withLegend, x, y));
  const y = 280 + 6 + 3; // inside the bar: padding of round(280 / 50) = 6
  const bar = barRow(y).filter((rgba) => !(rgba[0] === 255 && rgba[1] === 255 && rgba[2] === 255));
  assert.equal(bar[0], [...table.subarray(0, 3), 255]);
  assert.equal(bar.at(-1), [...table.subarray(255 * 4, 255 * 4 + 3), 255]);
  const band = withLegend.data.subarray(280 * 280 * 4);
  let black = 0;
  for (let i = 0; i < band.length; i += 4) if (band[i] === 0 && band[i + 1] === 0 && band[i + 2] === 0) black++;
  assert.ok(black > 20, "labels are drawn");
  assert.equal(legendLabels("all", withLegend.scale), [formatValue(-withLegend.scale), "0", formatValue(withLegend.scale)]);
});

test("legend labels: three significant digits, the sign the colour map's end stands for", () => {
  assert.equal(legendLabels("all", 0.012345), ["-0.0123", "0", "0.0123"]);
  assert.equal(legendLabels("negative", 2.5), ["0", "-2.5"]);
  assert.equal(legendLabels("positive", 123456), ["0", "1.23e5"]);
  assert.equal(legendLabels("absolute_value", 0.00001234), ["0", "1.23e-5"]);
  assert.equal(legendLabels("positive", 0), ["0", "0"]);
  assert.is(visualizeImageAttr({ data: new Float32Array(4), shape: [2, 2] }, null, { onWarning: () => {} }).scale, 0, "an all-zero map has scale 0");
});

test("masked_image's legend is the brightness ramp; original_image gets none", () => {
  const masked = visualizeImageAttr(attr, picture, { method: "masked_image", sign: "positive", size: 140, legend: true });
  const y = 140 + 3 + 1;
  const first = masked.data.subarray((y * 140 + 3) * 4, (y * 140 + 3) * 4 + 3);
  assert.equal(Array.from(first), [0, 0, 0], "black at 0");
  const original = visualizeImageAttr(attr, picture, { method: "original_image", legend: true });
  assert.is(original.height, 28);
});

test("bad size, smooth or legend values are VIS_SIZE / VIS_LEGEND", () => {
  for (const size of [0, 1.5, -3, 20000, { width: 0, height: 5 }, { width: 5 }, "big", null]) {
    throwsCode(() => visualizeImageAttr(attr, null, { size: size as never }), "VIS_SIZE");
  }
  throwsCode(() => visualizeImageAttr(attr, null, { size: 10, smooth: "yes" as never }), "VIS_SIZE");
  throwsCode(() => visualizeImageAttr(attr, null, { legend: 1 as never }), "VIS_LEGEND");
});

test.run();
