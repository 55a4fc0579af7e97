/**
 * The app's run redone in Node, independently of the page: the PNG decoded by pngjs,
 * occlusion-wasm/image with the preprocessing the page reports, onnxruntime-web's Node
 * build, Occlusion, and visualizeImageAttr for the picture (input | heat map | blended).
 */
import { readFile } from "node:fs/promises";
import { PNG } from "pngjs";
import * as ort from "onnxruntime-web";
import { Occlusion, type Tensor } from "../../src/index.ts";
import { imageToTensor, meanBaseline, blurBaseline, type ImageToTensorOptions } from "../../src/image/index.ts";
import { visualizeImageAttr } from "../../src/visualize/index.ts";

/** What the page's JSON download holds (the fields this reference reads). */
export interface AppReport {
  input: { name: string };
  preprocessing: ImageToTensorOptions;
  target: number;
  window: number;
  stride: number;
  baseline: number | "mean" | "blur";
  perturbationsPerEval: number;
  scores: number[];
  attribution: { shape: number[]; data: number[] };
}

export async function nodeReference(imageFile: string, modelFile: string, report: AppReport) {
  const png = PNG.sync.read(await readFile(imageFile));
  const prepared = imageToTensor({ data: png.data, width: png.width, height: png.height }, report.preprocessing);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(await readFile(modelFile), { executionProviders: ["wasm"] });
  const forward = async (x: Tensor) => (await session.run({ [report.input.name]: new ort.Tensor("float32", x.data, x.shape) }))[session.outputNames[0]];
  const scores = Array.from((await forward(prepared.tensor)).data as Float32Array);
  const { window: w, stride: s, layout } = { ...report, layout: prepared.layout };
  const c = prepared.channels;
  const inLayout = (v: number) => (layout === "nchw" ? [c, v, v] : layout === "nhwc" ? [v, v, c] : [v, v]);
  const baselines = report.baseline === "mean" ? meanBaseline(prepared.tensor, layout) : report.baseline === "blur" ? blurBaseline(prepared.tensor, layout, Math.max(1, w / 2)) : report.baseline;
  const attribution = await new Occlusion(forward).attribute(prepared.tensor, {
    slidingWindowShapes: inLayout(w), strides: inLayout(s), baselines, target: report.target, perturbationsPerEval: report.perturbationsPerEval,
  });
  const picture = sideBySide(prepared.pixels, attribution, layout === "nhwc" ? "hwc" : "chw");
  return { scores, attribution, picture, shape: prepared.tensor.shape };
}

/** The three pictures side by side, each enlarged pixel by pixel to about 448 px a side (the page's zoom). */
function sideBySide(pixels: Tensor, attr: Tensor, layout: "chw" | "hwc") {
  const options = { sign: "all" as const, outlierPerc: 2, layout, imageLayout: layout };
  const parts = [
    visualizeImageAttr(pixels, pixels, { ...options, method: "original_image" }),
    visualizeImageAttr(attr, null, { ...options, method: "heat_map" }),
    visualizeImageAttr(attr, pixels, { ...options, method: "blended_heat_map" }),
  ].map((part) => {
    const zoom = Math.max(1, Math.floor(448 / Math.max(part.width, part.height)));
    const data = new Uint8ClampedArray(part.data.length * zoom * zoom);
    for (let y = 0; y < part.height * zoom; y++) for (let x = 0; x < part.width * zoom; x++) {
      const from = (Math.floor(y / zoom) * part.width + Math.floor(x / zoom)) * 4;
      data.set(part.data.subarray(from, from + 4), (y * part.width * zoom + x) * 4);
    }
    return { data, width: part.width * zoom, height: part.height * zoom };
  });
  const width = parts.reduce((sum, p) => sum + p.width, 0), height = parts[0].height;
  const data = new Uint8ClampedArray(width * height * 4);
  let x0 = 0;
  for (const part of parts) {
    for (let y = 0; y < height; y++) data.set(part.data.subarray(y * part.width * 4, (y + 1) * part.width * 4), (y * width + x0) * 4);
    x0 += part.width;
  }
  return { width, height, data };
}
