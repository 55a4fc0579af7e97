// occlusion-wasm/image: imageToTensor against plain references (layouts, channels, alpha,
// normalisation), its resampling against Pillow's BILINEAR (tests/fixtures/image), the
// crop/pad geometry, the baselines and the ONNX metadata reader.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OcclusionError } from "../src/index.ts";
import { blurBaseline, imageToTensor, meanBaseline, metadataDefaults, parseLabels, readOnnxMetadata, type RgbaPixels } from "../src/image/index.ts";

const pillow = JSON.parse(readFileSync(new URL("fixtures/image/pillow-resize.json", import.meta.url), "utf8"));

/** Deterministic RGBA pixels; alpha 255 unless given. */
function pixels(width: number, height: number, alpha = () => 255): RgbaPixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set([(i * 37) % 256, (i * 11 + 5) % 256, (i * 53 + 100) % 256, alpha()], 4 * i);
  }
  return { data, width, height };
}

function throwsCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (error) {
    assert.instance(error, OcclusionError);
    assert.is((error as OcclusionError).code, code, (error as Error).message);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test("same size, 0-1: NCHW and NHWC hold byte / 255 at the right places, alpha untouched", () => {
  const src = pixels(5, 3);
  const chw = imageToTensor(src, { layout: "nchw" }), hwc = imageToTensor(src, { layout: "nhwc" });
  assert.equal(chw.tensor.shape, [1, 3, 3, 5]);
  assert.equal(hwc.tensor.shape, [1, 3, 5, 3]);
  for (let p = 0; p < 15; p++) for (let c = 0; c < 3; c++) {
    const expected = Math.fround(src.data[4 * p + c] / 255);
    assert.is(chw.tensor.data[c * 15 + p], expected);
    assert.is(hwc.tensor.data[p * 3 + c], expected);
  }
  assert.equal(chw.changes, []);
});

test("bgr order, 0-255 and imagenet normalisation follow (byte * scale - mean) / std", () => {
  const src = pixels(4, 2);
  const bgr = imageToTensor(src, { order: "bgr", normalization: "0-255", layout: "nhwc" });
  const net = imageToTensor(src, { normalization: "imagenet" });
  const mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225];
  for (let p = 0; p < 8; p++) for (let c = 0; c < 3; c++) {
    assert.is(bgr.tensor.data[p * 3 + c], src.data[4 * p + (2 - c)]);
    assert.ok(Math.abs(net.tensor.data[c * 8 + p] - (src.data[4 * p + c] / 255 - mean[c]) / std[c]) < 1e-6);
  }
});

test("grey: BT.601 luma, reported as a change for a colour image", () => {
  const src = pixels(3, 3);
  const grey = imageToTensor(src, { channels: 1, layout: "nhw" });
  assert.equal(grey.tensor.shape, [1, 3, 3]);
  for (let p = 0; p < 9; p++) {
    const luma = 0.299 * src.data[4 * p] + 0.587 * src.data[4 * p + 1] + 0.114 * src.data[4 * p + 2];
    assert.ok(Math.abs(grey.tensor.data[p] - luma / 255) < 1e-6);
  }
  assert.ok(grey.changes.some((c) => c.includes("grey")));
});

test("alpha is composited on the background: a transparent pixel takes the background colour", () => {
  let i = 0;
  const src = pixels(2, 2, () => [0, 128, 255, 0][i++]);
  const { tensor, changes } = imageToTensor(src, { background: "#ff8000", normalization: "0-255", layout: "nhwc" });
  assert.equal(Array.from(tensor.data.subarray(0, 3)), [255, 128, 0]); // fully transparent
  const half = 128 / 255;
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(tensor.data[3 + c] - (half * src.data[4 + c] + (1 - half) * [255, 128, 0][c])) < 1e-3);
  assert.equal(Array.from(tensor.data.subarray(6, 9)), Array.from(src.data.subarray(8, 11)));
  assert.ok(changes[0].startsWith("3 transparent"), changes[0]);
});

test("stretch resampling equals Pillow's Image.resize(BILINEAR), shrinking and enlarging", () => {
  for (const c of pillow.cases) {
    const data = new Uint8ClampedArray(c.width * c.height * 4);
    c.plane.forEach((v: number, i: number) => data.set([v, v, v, 255], 4 * i));
    const { tensor } = imageToTensor({ data, width: c.width, height: c.height }, { width: c.outWidth, height: c.outHeight, fit: "stretch", channels: 1, normalization: "0-255" });
    const worst = Math.max(...c.resized.map((v: number, i: number) => Math.abs(v - tensor.data[i])));
    assert.ok(worst < 1e-3, `${c.width}x${c.height} -> ${c.outWidth}x${c.outHeight}: max difference ${worst}`);
  }
});

test("crop takes the centred rectangle of the output's aspect; pad centres and fills with the background", () => {
  const src = pixels(6, 2);
  const crop = imageToTensor(src, { width: 2, height: 2, fit: "crop", normalization: "0-255", layout: "nhwc" });
  // The centre 2x2 of a 6x2 image is columns 2..3: no resampling needed.
  for (const [x, y] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    const p = y * 6 + x + 2;
    assert.equal(Array.from(crop.tensor.data.subarray((y * 2 + x) * 3, (y * 2 + x) * 3 + 3)), Array.from(src.data.subarray(4 * p, 4 * p + 3)));
  }
  assert.ok(crop.changes[0].startsWith("cropped 6x2 to the centre 2x2"));
  const pad = imageToTensor(src, { width: 6, height: 6, fit: "pad", background: "white", normalization: "0-255", layout: "nhwc" });
  const row = (y: number) => Array.from(pad.tensor.data.subarray(y * 18, y * 18 + 18));
  assert.equal(row(0), Array(18).fill(255));
  assert.equal(row(1), Array(18).fill(255));
  assert.equal(row(2), Array.from(src.data.filter((_, i) => i < 24 && i % 4 !== 3)));
  assert.equal(row(5), Array(18).fill(255));
  assert.ok(pad.changes.includes("padded to 6x6 with #ffffff"));
});

test("the source's pixels are never written; a 3-value mean for a grey output is its luma-weighted average", () => {
  let i = 0;
  const src = pixels(7, 5, () => (i++ % 3 ? 255 : 90));
  const before = Uint8ClampedArray.from(src.data);
  imageToTensor(src, { width: 3, height: 4, fit: "pad", channels: 1, background: "white" });
  imageToTensor(src, { width: 4, height: 4, fit: "crop", normalization: "imagenet" });
  assert.equal(Array.from(src.data), Array.from(before));
  const grey = imageToTensor(src, { channels: 1, normalization: "imagenet" });
  const mean = 0.299 * 0.485 + 0.587 * 0.456 + 0.114 * 0.406, std = 0.299 * 0.229 + 0.587 * 0.224 + 0.114 * 0.225;
  assert.ok(Math.abs(grey.normalization.mean[0] - mean) < 1e-12 && Math.abs(grey.normalization.std[0] - std) < 1e-12);
});

test("bad sources and options get OcclusionErrors with their codes", () => {
  throwsCode(() => imageToTensor(null as never), "IMAGE_SOURCE");
  throwsCode(() => imageToTensor({ data: new Uint8Array(3), width: 2, height: 2 }), "IMAGE_SOURCE");
  throwsCode(() => imageToTensor(pixels(2, 2), { width: 3, fit: "none" }), "IMAGE_SIZE");
  throwsCode(() => imageToTensor(pixels(2, 2), { layout: "chw" as never }), "IMAGE_OPTIONS");
  throwsCode(() => imageToTensor(pixels(2, 2), { std: [1, 0, 1] }), "IMAGE_OPTIONS");
  throwsCode(() => imageToTensor(pixels(2, 2), { mean: [1, 2] }), "IMAGE_OPTIONS");
  throwsCode(() => imageToTensor(pixels(2, 2), { background: "#12" }), "IMAGE_OPTIONS");
  throwsCode(() => readOnnxMetadata(new TextEncoder().encode("not a model")), "IMAGE_MODEL_FILE");
});

test("mean baseline per channel; blur keeps a constant image and the total of a spot", () => {
  const t = imageToTensor(pixels(5, 4), { normalization: "0-255" }).tensor;
  const mean = meanBaseline(t, "nchw");
  assert.equal(mean.shape, [1, 3, 1, 1]);
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(mean.data[c] - t.data.subarray(c * 20, c * 20 + 20).reduce((a, b) => a + b, 0) / 20) < 1e-3);
  const flat = blurBaseline({ data: new Float32Array(30).fill(0.25), shape: [1, 5, 6] }, "nhw", 1.5);
  assert.ok(flat.data.every((v) => Math.abs(v - 0.25) < 1e-6));
  const spot = new Float32Array(21 * 21);
  spot[10 * 21 + 10] = 1;
  const blurred = blurBaseline({ data: spot, shape: [1, 21, 21, 1] }, "nhwc", 1);
  assert.ok(Math.abs(blurred.data.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.ok(blurred.data[10 * 21 + 10] < 0.2 && blurred.data[10 * 21 + 11] > 0);
});

test("ONNX metadata: the Fashion-MNIST model parses; props written by hand are found", () => {
  const model = readFileSync(new URL("../examples/fashion-mnist/model.onnx", import.meta.url));
  assert.type(readOnnxMetadata(model), "object");
  // A ModelProto of ir_version 8 and two metadata_props entries, encoded by hand.
  const str = (field: number, text: string) => { const b = new TextEncoder().encode(text); return [field * 8 + 2, b.length, ...b]; };
  const entry = (k: string, v: string) => { const body = [...str(1, k), ...str(2, v)]; return [14 * 8 + 2, body.length, ...body]; };
  const bytes = new Uint8Array([8, 8, ...entry("labels", '["cat","dog"]'), ...entry("mean", "0.5,0.5,0.5"), ...entry("normalization", "imagenet")]);
  const props = readOnnxMetadata(bytes);
  assert.equal(props, { labels: '["cat","dog"]', mean: "0.5,0.5,0.5", normalization: "imagenet" });
  assert.equal(metadataDefaults(props), { labels: ["cat", "dog"], preprocessing: { normalization: "imagenet", mean: [0.5, 0.5, 0.5] } });
});

test("labels: JSON array, { classNames }, id2label and plain lines", () => {
  assert.equal(parseLabels('["a", "b"]'), ["a", "b"]);
  assert.equal(parseLabels('{"classNames": ["a"]}'), ["a"]);
  assert.equal(parseLabels('{"1": "b", "0": "a"}'), ["a", "b"]);
  assert.equal(parseLabels("a\r\nb\n\n"), ["a", "b"]);
});

test.run();
