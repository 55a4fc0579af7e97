/**
 * What the browser demo should draw, computed in Node independently of the page:
 * the library from source, onnxruntime-web's Node build, the PNG decoded by pngjs,
 * and visualizeImageAttr with the same options as the page.
 */
import * as ort from "onnxruntime-web";
import { Occlusion, type Tensor } from "../../src/index.ts";
import { visualizeImageAttr } from "../../src/visualize/index.ts";
import { createFashionSession, IMAGE_SIDE, readSampleImage, runFashionModel, toModelInput } from "../support/fashion-mnist.ts";

/** One run of the demo: the settings the page reports in #status's data-settings. */
export interface DemoSettings {
  sample: string;
  window: number;
  stride: number;
  method: "blended_heat_map" | "masked_image" | "alpha_scaling";
  sign: "all" | "positive" | "negative" | "absolute_value";
  perturbationsPerEval: number;
}

export interface ReferenceDrawing {
  predicted: number;
  probabilities: number[];
  heatMap: Uint8ClampedArray;
  overlay: Uint8ClampedArray;
}

export async function nodeReference(settings: DemoSettings): Promise<ReferenceDrawing> {
  const session = await createFashionSession();
  const image = await readSampleImage(settings.sample);
  const input: Tensor = { data: image.pixels, shape: [1, 1, IMAGE_SIDE, IMAGE_SIDE] };
  const logits = (await runFashionModel(session, toModelInput([image]))).data as Float32Array;
  const probabilities = softmax(logits);
  const predicted = probabilities.indexOf(Math.max(...probabilities));

  const forward = (x: Tensor) => runFashionModel(session, new ort.Tensor("float32", x.data, x.shape));
  const { window, stride } = settings;
  const attr = await new Occlusion(forward).attribute(input, {
    slidingWindowShapes: [1, window, window],
    strides: [1, stride, stride],
    baselines: 0,
    target: predicted,
    perturbationsPerEval: settings.perturbationsPerEval,
  });
  return {
    predicted,
    probabilities,
    heatMap: visualizeImageAttr(attr, null, { method: "heat_map", sign: settings.sign }).data,
    overlay: visualizeImageAttr(attr, input, { method: settings.method, sign: settings.sign }).data,
  };
}

export function softmax(logits: ArrayLike<number>): number[] {
  const values = Array.from(logits);
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}
