// One CLI run: read the image and the model, find the target (the prediction unless
// given), run Occlusion through the onnxruntime adapter, draw the attribution with
// visualizeImageAttr and write the picture (and the JSON report when asked).
import path from "node:path";
import { stat, writeFile } from "node:fs/promises";
import { Occlusion, OcclusionError, type AttributeOptions, type ForwardOutput, type ProgressEvent, type Tensor } from "../index.ts";
import { progressSink } from "../engine/progress.ts";
import { visualizeImageAttr } from "../visualize/index.ts";
import { onnxForward } from "../adapters/index.ts";
import { CliError, type CliOptions } from "./options.ts";
import { besideEachOther, decodePicture, encoderFor, readImageFile, readInput, writePicture } from "./image-io.ts";
import { firstLine, loadModel } from "./model.ts";
import { imageToTensor, metadataDefaults, parseLabels, type ImageTensor } from "../image/index.ts";
import { imageOptions } from "./preprocess.ts";
import { baselineFor, geometry } from "./geometry.ts";
import { loadPeers } from "./peers.ts";
import { cliErrorOf } from "./library-errors.ts";

export interface RunReport {
  model: string;
  image: string;
  input: { name: string; shape: number[]; layout: string };
  preprocessing: { changes: string[]; scale: number; mean: number[]; std: number[] };
  scores: number[];
  predicted: number;
  target: number | null;
  labels: { predicted: string | null; target: string | null };
  window: [number, number];
  stride: [number, number];
  baseline: number | "mean";
  /** Perturbations per model call: --ppe, or the size --ppe auto settled on. */
  perturbationsPerEval: number;
  picture: { path: string; width: number; height: number; method: string; sign: string };
  seconds: number;
}

export async function runCli(options: CliOptions): Promise<RunReport> {
  const started = performance.now();
  const out = options.out ?? `${path.parse(options.image).name}.occlusion.png`;
  await checkFolder(out, options.out === undefined ? null : "--out");
  if (options.json) await checkFolder(options.json, "--json");
  const image = await readImageFile(options.image);
  const peers = await loadPeers(["onnxruntime-web", image.decoder, encoderFor(out)]);
  const picture = decodePicture(image.bytes, options.image, peers);
  const { ort, session, input: spec, metadata } = await loadModel(options.model, peers.ort!);
  const defaults = metadataOf(metadata, options.model);
  const classNames = options.labels ? await readLabels(options.labels) : defaults.labels;
  const prepared = prepare(picture, imageOptions(options.preprocess, spec, defaults.preprocessing, picture), options.image);
  for (const change of prepared.changes) console.error(`occlusion-wasm: warning: ${options.image}: ${change}`);
  const input = prepared.tensor;
  const forward = onnxForward(session, ort.Tensor);
  const scores = await scoresOf(forward, input, options.model);
  const predicted = argmax(scores);
  const target = chooseTarget(options.target, predicted, scores.length);
  const { window, stride, ...shapes } = geometry(options, input, spec.layout);
  // The bar on a terminal, and the size --ppe auto settles on, for the report.
  const bar = progressSink(process.stderr.isTTY);
  let used = options.perturbationsPerEval;
  const showProgress = Object.assign((event: ProgressEvent) => {
    used = event.perturbationsPerEval ?? used;
    bar?.(event);
  }, { end: () => bar?.end?.() });
  const attribution = await attribute(forward, input, {
    ...shapes, target: target ?? undefined, baselines: baselineFor(options.baseline, input, spec.layout),
    perturbationsPerEval: options.perturbationsPerEval, showProgress,
  });
  // Drawn over the pixels the model saw (0..1, before mean/std), so the picture is the image.
  const drawn = drawOrExplain(attribution, prepared.pixels, spec.layout === "nhwc" ? "hwc" : "chw", options);
  await writePicture(out, drawn, peers);
  const name = (index: number | null) => (index === null ? null : classNames?.[index] ?? null);
  const report: RunReport = {
    model: options.model, image: options.image, input: { name: spec.name, shape: input.shape, layout: prepared.layout },
    preprocessing: { changes: prepared.changes, ...prepared.normalization },
    scores, predicted, target, labels: { predicted: name(predicted), target: name(target) },
    window, stride, baseline: options.baseline, perturbationsPerEval: typeof used === "number" ? used : 1,
    picture: { path: out, width: drawn.width, height: drawn.height, method: options.method, sign: options.sign },
    seconds: (performance.now() - started) / 1000,
  };
  if (options.json) await writeJson(options.json, { ...report, attribution: { shape: attribution.shape, data: Array.from(attribution.data) } });
  return report;
}

/** The model's scores for the unperturbed image: one row [1, K], or a single value. */
async function scoresOf(forward: (x: Tensor) => Promise<unknown>, input: Tensor, file: string): Promise<number[]> {
  let output: { data: ArrayLike<number | bigint>; dims: readonly number[] };
  try {
    output = (await forward(input)) as typeof output;
  } catch (error) {
    throw new CliError(`the model ${file} failed on the image: ${firstLine(error)}`);
  }
  const { dims } = output;
  if (dims.length > 2 || (dims.length >= 1 && dims[0] !== 1)) {
    throw new CliError(`the model ${file} returned shape [${dims.join(", ")}]; the CLI attributes [1, K] scores or one value`);
  }
  return Array.from(output.data, Number);
}

function chooseTarget(option: CliOptions["target"], predicted: number, count: number): number | null {
  if (count === 1) return null; // one score: nothing to select
  if (option === "predicted") return predicted;
  if (option >= count) throw new CliError(`--target ${option} is out of range: the model has ${count} outputs (0..${count - 1}) (see --help)`, 2);
  return option;
}

async function attribute(forward: (x: Tensor) => Promise<ForwardOutput>, input: Tensor, options: AttributeOptions): Promise<Tensor> {
  try {
    return await new Occlusion(forward).attribute(input, options);
  } catch (error) {
    throw cliErrorOf(error);
  }
}

function drawOrExplain(...args: Parameters<typeof draw>) {
  try {
    return draw(...args);
  } catch (error) {
    throw cliErrorOf(error);
  }
}

function draw(attribution: Tensor, input: Tensor, layout: "chw" | "hwc", options: CliOptions) {
  const [height, width] = layout === "hwc" ? attribution.shape.slice(-3, -1) : attribution.shape.slice(-2);
  const size = { width: width * options.zoom, height: height * options.zoom };
  const picture = (method: CliOptions["method"] | "original_image") => {
    const { data, ...shape } = visualizeImageAttr(attribution, input, {
      method, sign: options.sign, outlierPerc: options.outlierPerc, layout, imageLayout: layout,
      size, smooth: options.smooth, legend: options.legend,
    });
    return { width: shape.width, height: shape.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  };
  return options.sideBySide ? besideEachOther(picture("original_image"), picture(options.method)) : picture(options.method);
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

async function readLabels(file: string): Promise<string[]> {
  const text = new TextDecoder().decode(await readInput(file, "labels"));
  try {
    return parseLabels(text);
  } catch (error) {
    throw new CliError(`${file}: ${firstLine(error).replace(/^image: /, "")}`);
  }
}

function prepare(picture: Parameters<typeof imageToTensor>[0], options: Parameters<typeof imageToTensor>[1], file: string): ImageTensor {
  try {
    return imageToTensor(picture, options);
  } catch (error) {
    if (!(error instanceof OcclusionError)) throw error;
    const message = firstLine(error).replace(/^image: /, "");
    throw new CliError(error.code === "IMAGE_SIZE" ? `${file}: ${message} (--resize)` : `${file}: ${message} (see --help)`, error.code === "IMAGE_SIZE" ? 1 : 2);
  }
}

function metadataOf(metadata: Record<string, string>, file: string) {
  try {
    return metadataDefaults(metadata);
  } catch (error) {
    throw new CliError(`${file}: ${firstLine(error).replace(/^image: /, "")}`);
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(value) + "\n");
}

/** Output goes into an existing folder: a typo in a path is an error, not a new folder. */
async function checkFolder(file: string, flag: string | null): Promise<void> {
  const folder = path.dirname(file);
  const isFolder = await stat(folder).then((info) => info.isDirectory(), () => false);
  if (isFolder) return;
  const named = flag ? `${flag} ${file}` : `the default output ${file}`;
  throw new CliError(`${named}: the folder ${folder} does not exist; create it first (see --help)`, 2);
}
