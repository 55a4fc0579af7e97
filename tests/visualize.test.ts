// visualizeImageAttr: each of Captum's methods on small inputs whose pixels
// are worked out by hand, layouts, and the errors Captum raises.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OcclusionError } from "../src/errors.ts";
import { visualizeImageAttr, type TensorLike, type VisualizeOptions } from "../src/visualize/index.ts";
import { MATPLOTLIB_ENTRIES, MATPLOTLIB_RGBA } from "./visualize-matplotlib.ts";

const tensor = (values: number[], shape: number[]): TensorLike => ({ data: new Float32Array(values), shape });
const pixels = (data: Uint8ClampedArray) => Array.from({ length: data.length / 4 }, (_, p) => Array.from(data.subarray(p * 4, p * 4 + 4)));
const matplotlib = (map: string, entries: number[]) => entries.map((i) => MATPLOTLIB_RGBA[map]![MATPLOTLIB_ENTRIES.indexOf(i)]);
const throwsCode = (fn: () => unknown, code: string) =>
  assert.throws(fn, (error: unknown) => error instanceof OcclusionError && error.code === code);

// With outlierPerc 0 these normalise to 0, 0.25, 0.5, 1 (or -1, -0.5, 0, 1),
// i.e. colour table entries 0, 64, 128, 255.
const exact = { outlierPerc: 0 } satisfies VisualizeOptions;

test("heat_map defaults to sign absolute_value drawn with Blues", () => {
  const result = visualizeImageAttr(tensor([0, -1, 2, -4], [2, 2]), undefined, exact);
  assert.is(result.width, 2);
  assert.is(result.height, 2);
  assert.instance(result.data, Uint8ClampedArray);
  assert.equal(pixels(result.data), matplotlib("Blues", [0, 64, 128, 255]));
});

test('sign "all" uses red-white-green over [-1, 1]', () => {
  const result = visualizeImageAttr(tensor([-4, -2, 0, 4], [2, 2]), null, { ...exact, sign: "all" });
  assert.equal(pixels(result.data), matplotlib("RdWhGn", [0, 64, 128, 255]));
  assert.equal(pixels(result.data)[0], [255, 0, 0, 255]);
  assert.equal(pixels(result.data)[3], [0, 128, 0, 255]);
});

test('sign "positive" uses Greens and "negative" uses Reds over [0, 1]', () => {
  const positive = visualizeImageAttr(tensor([0, 1, 2, 4], [2, 2]), null, { ...exact, sign: "positive" });
  assert.equal(pixels(positive.data), matplotlib("Greens", [0, 64, 128, 255]));
  const negative = visualizeImageAttr(tensor([0, -1, -2, -4], [2, 2]), null, { ...exact, sign: "negative" });
  assert.equal(pixels(negative.data), matplotlib("Reds", [0, 64, 128, 255]));
});

test("colorMap overrides the default, by name or by function", () => {
  const attr = tensor([0, 1, 2, 4], [2, 2]);
  const named = visualizeImageAttr(attr, null, { ...exact, sign: "positive", colorMap: "Reds" });
  assert.equal(pixels(named.data), matplotlib("Reds", [0, 64, 128, 255]));
  const custom = visualizeImageAttr(attr, null, { ...exact, colorMap: (x) => [x, 0, 1 - x] });
  // entry i is sampled at i / 255: 64 -> 64/255 -> byte 64
  assert.equal(pixels(custom.data), [[0, 0, 255, 255], [64, 0, 191, 255], [128, 0, 127, 255], [255, 0, 0, 255]]);
});

test("chw, hwc and a leading batch of 1 give identical pixels", () => {
  const [C, H, W] = [3, 4, 5];
  const chw = Array.from({ length: C * H * W }, (_, i) => Math.sin(i * 1.7) * 3);
  const hwc = new Array<number>(chw.length);
  for (let c = 0; c < C; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    hwc[(y * W + x) * C + c] = chw[(c * H + y) * W + x]!;
  }
  const options: VisualizeOptions = { sign: "all", outlierPerc: 10 };
  const reference = visualizeImageAttr(tensor(chw, [C, H, W]), null, options);
  const variants = [
    visualizeImageAttr(tensor(hwc, [H, W, C]), null, options),
    visualizeImageAttr(tensor(chw, [1, C, H, W]), null, options),
    visualizeImageAttr(tensor(hwc, [1, H, W, C]), null, options),
    visualizeImageAttr(tensor(chw, [C, H, W]), null, { ...options, layout: "chw" }),
  ];
  assert.is(reference.width, W);
  assert.is(reference.height, H);
  for (const variant of variants) assert.equal(Array.from(variant.data), Array.from(reference.data));
});

test("layout inference: channels first only when the last dim is not 1 or 3", () => {
  const data = Array.from({ length: 45 }, (_, i) => i);
  const inferred = visualizeImageAttr(tensor(data, [3, 5, 3]), null);
  assert.equal([inferred.height, inferred.width], [3, 5]); // read as [H, W, C]
  const forced = visualizeImageAttr(tensor(data, [3, 5, 3]), null, { layout: "chw" });
  assert.equal([forced.height, forced.width], [5, 3]);
});

// A 1×3 image: bytes are trunc(v * 255) -> (255, 127, 51), (255, 255, 255), (153, 153, 153).
const image = tensor([1, 0.5, 0.2, 1, 1, 1, 0.6, 0.6, 0.6], [1, 3, 3]);
// |attr| 4, 2, 0 with outlierPerc 0 normalise to 1, 0.5, 0.
const attr = tensor([4, -2, 0], [1, 3]);

test("masked_image keeps the image where |attr| is large and blacks it out elsewhere", () => {
  const result = visualizeImageAttr(attr, image, { ...exact, method: "masked_image", imageLayout: "hwc" });
  assert.equal(pixels(result.data), [[255, 127, 51, 255], [127, 127, 127, 255], [0, 0, 0, 255]]);
});

test("alpha_scaling keeps the image and sets alpha from the normalised attribution", () => {
  const result = visualizeImageAttr(attr, image, { ...exact, method: "alpha_scaling", imageLayout: "hwc" });
  assert.equal(pixels(result.data), [[255, 127, 51, 255], [255, 255, 255, 127], [153, 153, 153, 0]]);
});

test("original_image draws the image bytes; imageScale 255 and auto take 0-255 values", () => {
  const expected = [[255, 127, 51, 255], [255, 255, 255, 255], [153, 153, 153, 255]];
  const unit = visualizeImageAttr(attr, image, { method: "original_image", imageLayout: "hwc" });
  assert.equal(pixels(unit.data), expected);
  const bytes = tensor([255, 127.9, 51.2, 255, 300, 255, 153, 153, 153], [1, 3, 3]);
  const scaled = visualizeImageAttr(attr, bytes, { method: "original_image", imageScale: 255, imageLayout: "hwc" });
  assert.equal(pixels(scaled.data), expected);
  const auto = visualizeImageAttr(attr, bytes, { method: "original_image", imageScale: "auto", imageLayout: "hwc" });
  assert.equal(pixels(auto.data), expected);
  const autoUnit = visualizeImageAttr(attr, image, { method: "original_image", imageScale: "auto", imageLayout: "hwc" });
  assert.equal(pixels(autoUnit.data), expected);
});

test("a one-channel image is drawn as gray", () => {
  const gray = tensor([0.2, 0.4, 1], [1, 3]);
  const result = visualizeImageAttr(attr, gray, { method: "original_image" });
  assert.equal(pixels(result.data), [[51, 51, 51, 255], [102, 102, 102, 255], [255, 255, 255, 255]]);
});

test("blended_heat_map mixes the heat map over the gray image with alpha 127/255", () => {
  // black and white pixels; attr -3, 3 -> red and green
  const bw = tensor([0, 0, 0, 1, 1, 1], [1, 2, 3]);
  const result = visualizeImageAttr(tensor([-3, 3], [1, 2]), bw, { ...exact, sign: "all", method: "blended_heat_map" });
  const a = 127 / 255; // matplotlib keeps alpha 0.5 as the byte 127
  const black = [Math.round(255 * a), 0, 0, 255];
  const white = [Math.round(255 * (1 - a)), Math.round(128 * a + 255 * (1 - a)), Math.round(255 * (1 - a)), 255];
  assert.equal(pixels(result.data), [black, white]);
  assert.equal(pixels(result.data), [[127, 0, 0, 255], [128, 192, 128, 255]]);
});

test("blended_heat_map stretches the gray image to its own range, as matplotlib's autoscale", () => {
  // channel means 51, 102, 153 stretch to 0, 0.5, 1 -> gray entries 0, 128, 255
  const grays = tensor([0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.6, 0.6, 0.6], [1, 3, 3]);
  const result = visualizeImageAttr(attr, grays, { method: "blended_heat_map", alphaOverlay: 0 });
  assert.equal(pixels(result.data), [[0, 0, 0, 255], [128, 128, 128, 255], [255, 255, 255, 255]]);
  const flat = tensor(new Array(9).fill(0.7), [1, 3, 3]);
  const black = visualizeImageAttr(attr, flat, { method: "blended_heat_map", alphaOverlay: 0 });
  assert.ok(pixels(black.data).every((p) => p.join() === "0,0,0,255")); // vmin == vmax draws 0
});

test("blended_heat_map with alphaOverlay 1 is the heat map", () => {
  const heat = visualizeImageAttr(attr, null, exact);
  const blended = visualizeImageAttr(attr, image, { ...exact, method: "blended_heat_map", alphaOverlay: 1 });
  assert.equal(Array.from(blended.data), Array.from(heat.data));
});

test("every method but heat_map requires an image", () => {
  for (const method of ["blended_heat_map", "masked_image", "alpha_scaling", "original_image"] as const) {
    throwsCode(() => visualizeImageAttr(attr, undefined, { method, sign: "positive" }), "VIS_IMAGE_REQUIRED");
    throwsCode(() => visualizeImageAttr(attr, null, { method, sign: "positive" }), "VIS_IMAGE_REQUIRED");
  }
});

test('masked_image and alpha_scaling reject sign "all", as Captum', () => {
  for (const method of ["masked_image", "alpha_scaling"] as const) {
    throwsCode(() => visualizeImageAttr(attr, image, { method, sign: "all", imageLayout: "hwc" }), "VIS_SIGN_METHOD");
  }
});

test("rejects an image whose height and width differ from attr's", () => {
  const wide = tensor(new Array(12).fill(0.5), [1, 4, 3]);
  throwsCode(() => visualizeImageAttr(attr, wide, { method: "masked_image" }), "VIS_SHAPE_MISMATCH");
  throwsCode(() => visualizeImageAttr(attr, tensor([0.5, 0.5, 0.5], [3, 1]), { method: "original_image" }), "VIS_SHAPE_MISMATCH");
});

test("rejects bad shapes, layouts and options with their codes", () => {
  throwsCode(() => visualizeImageAttr(tensor([1, 2, 3, 4], [2, 1, 1, 2]), null), "VIS_SHAPE"); // batch of 2
  throwsCode(() => visualizeImageAttr(tensor([1, 2, 3], [3]), null), "VIS_SHAPE");
  throwsCode(() => visualizeImageAttr(tensor([1, 2, 3], [2, 2]), null), "VIS_SHAPE");
  throwsCode(() => visualizeImageAttr({ data: [1], shape: undefined } as never, null), "VIS_SHAPE");
  const twoChannels = tensor(new Array(6).fill(0.5), [2, 1, 3]);
  throwsCode(() => visualizeImageAttr(attr, twoChannels, { method: "original_image", imageLayout: "chw" }), "VIS_SHAPE");
  throwsCode(() => visualizeImageAttr(tensor(new Array(6).fill(1), [1, 2, 3]), null, { layout: "whc" as never }), "VIS_LAYOUT");
  throwsCode(() => visualizeImageAttr(attr, null, { method: "contour" as never }), "VIS_METHOD");
  throwsCode(() => visualizeImageAttr(attr, null, { sign: "both" as never }), "VIS_SIGN");
  throwsCode(() => visualizeImageAttr(attr, null, { outlierPerc: 120 }), "VIS_OUTLIER_PERC");
  throwsCode(() => visualizeImageAttr(attr, image, { method: "blended_heat_map", alphaOverlay: 1.5 }), "VIS_ALPHA_OVERLAY");
  throwsCode(() => visualizeImageAttr(attr, image, { method: "original_image", imageScale: 7 as never }), "VIS_IMAGE_SCALE");
  throwsCode(() => visualizeImageAttr(attr, null, { colorMap: "jet" as never }), "VIS_COLOR_MAP");
});

test("error messages name the argument and the value received", () => {
  try {
    visualizeImageAttr(attr, null, { outlierPerc: 120 });
    assert.unreachable("should have thrown");
  } catch (error) {
    assert.instance(error, Error);
    assert.match((error as Error).message, /outlierPerc.*\[0, 100\].*120/);
  }
});

test.run();
