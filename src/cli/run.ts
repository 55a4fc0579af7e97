// One CLI run: read the image and the model, find the target (the prediction unless
// given), run Occlusion through the onnxruntime adapter, draw the attribution with
// visualizeImageAttr and write the picture (and the JSON report when asked).
import path from "node:path";
import { writeFile, mkdir } from "node:fs/promises";
import { Occlusion, OcclusionError, type AttributeOptions, type ForwardOutput, type Tensor } from "../index.ts";
import { visualizeImageAttr } from "../visualize/index.ts";
import { onnxForward } from "../adapters/index.ts";
import { CliError, type CliOptions } from "./options.ts";
import { besideEachOther, enlarge, readInput, readPicture, writePicture } from "./image-io.ts";
import { firstLine, loadModel, toInputTensor } from "./model.ts";
import { baselineFor, geometry } from "./geometry.ts";

export interface RunReport {
  model: string;
  image: string;
  input: { name: string; shape: number[]; layout: string };
  scores: number[];
  predicted: number;
  target: number | null;
  labels: { predicted: string | null; target: string | null };
  window: [number, number];
  stride: [number, number];
  baseline: number | "mean";
  perturbationsPerEval: number;
  picture: { path: string; width: number; height: number; method: string; sign: string };
  seconds: number;
}

export async function runCli(options: CliOptions): Promise<RunReport> {
  const started = performance.now();
  const picture = await readPicture(options.image);
  const { ort, session, input: spec } = await loadModel(options.model);
  const classNames = options.labels ? await readLabels(options.labels) : null;
  const input = toInputTensor(picture, spec, options.image);
  const forward = onnxForward(session, ort.Tensor);
  const scores = await scoresOf(forward, input, options.model);
  const predicted = argmax(scores);
  const target = chooseTarget(options.target, predicted, scores.length);
  const { window, stride, ...shapes } = geometry(options, input, spec.layout);
  const attribution = await attribute(forward, input, {
    ...shapes, target: target ?? undefined, baselines: baselineFor(options.baseline, input, spec.layout),
    perturbationsPerEval: options.perturbationsPerEval, showProgress: process.stderr.isTTY ? true : undefined,
  });
  const out = options.out ?? `${path.parse(options.image).name}.occlusion.png`;
  const drawn = draw(attribution, input, spec.layout === "nhwc" ? "hwc" : "chw", options);
  await writePicture(out, enlarge(drawn, options.scale));
  const name = (index: number | null) => (index === null ? null : classNames?.[index] ?? null);
  const report: RunReport = {
    model: options.model, image: options.image, input: { name: spec.name, shape: input.shape, layout: spec.layout },
    scores, predicted, target, labels: { predicted: name(predicted), target: name(target) },
    window, stride, baseline: options.baseline, perturbationsPerEval: options.perturbationsPerEval,
    picture: { path: out, width: drawn.width * options.scale, height: drawn.height * options.scale, method: options.method, sign: options.sign },
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
    if (!(error instanceof OcclusionError)) throw error;
    const cause = error.code === "FORWARD_FAILED" && error.cause ? `: ${firstLine(error.cause)}` : "";
    throw new CliError(`${firstLine(error)}${cause}`, error.code === "FORWARD_FAILED" ? 1 : 2);
  }
}

function draw(attribution: Tensor, input: Tensor, layout: "chw" | "hwc", options: CliOptions) {
  const picture = (method: CliOptions["method"] | "original_image") => {
    const { data, width, height } = visualizeImageAttr(attribution, input, {
      method, sign: options.sign, outlierPerc: options.outlierPerc, layout, imageLayout: layout,
    });
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON`);
  }
  const names = Array.isArray(parsed) ? parsed : (parsed as { classNames?: unknown })?.classNames;
  if (!Array.isArray(names)) throw new CliError(`${file} holds neither an array of class names nor { classNames: [...] }`);
  return names.map(String);
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, JSON.stringify(value) + "\n");
}
