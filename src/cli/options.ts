// The CLI's flags: parsed with node:util parseArgs (strict: unknown flags and missing
// values are errors), checked, and turned into one CliOptions object. Window and stride
// stay unresolved here: their defaults depend on the image's size (see run.ts).
import { parseArgs } from "node:util";
import { parsePreprocess, PREPROCESS_FLAGS, PREPROCESS_HELP, type PreprocessFlags } from "./preprocess.ts";

export const METHODS = ["heat_map", "blended_heat_map", "masked_image", "alpha_scaling"] as const;
export const SIGNS = ["all", "positive", "negative", "absolute_value"] as const;

export const HELP = `Usage: occlusion-wasm --model <model.onnx> --image <image.png|.jpg> [options]

Occlusion attribution (Captum's Occlusion) of an ONNX image classifier for one image:
which parts of the image the predicted (or chosen) class depends on, as a heat map.

Options:
  --model <path>       ONNX model (onnxruntime-web, wasm backend); one float32 image input
                       [N,C,H,W], [N,H,W,C] or [N,H,W]
  --image <path>       PNG or JPEG, grayscale or RGB, with or without alpha; resized to
                       the model's input (see Preprocessing)
  --window <n|hxw>     occlusion window in pixels (all channels at once); default: a
                       square of max(1, round(min(H, W) / 7)), e.g. 4 for 28x28
  --stride <n|hxw>     window stride; default: max(1, floor(window / 2)), e.g. 2
  --target <n|predicted>  output index to attribute (default: predicted, the arg max)
  --baseline <0|mean|x>   value occluded pixels get: 0 (default), the image's
                       per-channel mean, or a number
  --ppe <n>            perturbations per model call (batch size), default 16
  --method <m>         heat_map | blended_heat_map (default) | masked_image | alpha_scaling
  --sign <s>           all | positive | negative | absolute_value; default: all for the
                       heat maps, positive for masked_image and alpha_scaling
  --outlier-perc <p>   clip the top p % of attribution mass (default 2, as Captum)
  --zoom <n>           enlarge the picture n times, nearest neighbour (default 1)
  --side-by-side       put the image itself left of the attribution picture
  --out <path>         picture to write, .png or .jpg (default: <image name>.occlusion.png)
  --json <path>        also write the attribution and run details as JSON
  --labels <path>      class names to print: JSON (an array, { classNames }, { "0": name })
                       or one name a line; default: the model's metadata (key labels)
  -h, --help           show this help

${PREPROCESS_HELP}

Needs onnxruntime-web, pngjs and jpeg-js installed next to occlusion-wasm.
Exit status: 0 done, 1 the run failed (file, image, model), 2 bad flags.`;

/** A failure the CLI reports as one line; usage errors exit 2, others 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
  }
}

export type Method = (typeof METHODS)[number];
export type Sign = (typeof SIGNS)[number];

export interface CliOptions {
  help: boolean;
  model: string;
  image: string;
  window?: [number, number];
  stride?: [number, number];
  target: number | "predicted";
  baseline: number | "mean";
  perturbationsPerEval: number;
  method: Method;
  sign: Sign;
  outlierPerc: number;
  zoom: number;
  preprocess: PreprocessFlags;
  sideBySide: boolean;
  out?: string;
  json?: string;
  labels?: string;
}

const FLAGS = {
  model: { type: "string" }, image: { type: "string" }, window: { type: "string" }, stride: { type: "string" },
  target: { type: "string" }, baseline: { type: "string" }, ppe: { type: "string" }, method: { type: "string" },
  sign: { type: "string" }, "outlier-perc": { type: "string" }, zoom: { type: "string" }, out: { type: "string" },
  json: { type: "string" }, labels: { type: "string" }, "side-by-side": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  ...PREPROCESS_FLAGS,
} as const;

export function parseOptions(argv: string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usage((error as Error).message.split("\n")[0]);
  }
  const text = (name: string) => values[name] as string | undefined;
  if (values.help) return { help: true } as CliOptions;
  for (const required of ["model", "image"]) if (!text(required)) throw usage(`--${required} is required`);
  const method = oneOf(text("method") ?? "blended_heat_map", METHODS, "--method");
  const defaultSign = method === "masked_image" || method === "alpha_scaling" ? "positive" : "all";
  return {
    help: false,
    model: text("model")!,
    image: text("image")!,
    window: text("window") === undefined ? undefined : pair(text("window")!, "--window"),
    stride: text("stride") === undefined ? undefined : pair(text("stride")!, "--stride"),
    target: text("target") === undefined || text("target") === "predicted" ? "predicted" : integer(text("target")!, "--target", 0),
    baseline: baseline(text("baseline") ?? "0"),
    perturbationsPerEval: integer(text("ppe") ?? "16", "--ppe", 1),
    method,
    sign: oneOf(text("sign") ?? defaultSign, SIGNS, "--sign"),
    outlierPerc: number(text("outlier-perc") ?? "2", "--outlier-perc"),
    zoom: integer(text("zoom") ?? "1", "--zoom", 1),
    preprocess: parsePreprocess(text),
    sideBySide: values["side-by-side"] === true,
    out: text("out"),
    json: text("json"),
    labels: text("labels"),
  };
}

function usage(message: string): CliError {
  return new CliError(`${message} (see --help)`, 2);
}

function integer(value: string, flag: string, min: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min) throw usage(`${flag} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return parsed;
}

function number(value: string, flag: string): number {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) throw usage(`${flag} must be a number, got ${JSON.stringify(value)}`);
  return parsed;
}

/** "4" is 4x4; "3x5" (or "3,5") is 3 rows by 5 columns. */
function pair(value: string, flag: string): [number, number] {
  const parts = value.split(/[x,]/);
  if (parts.length > 2) throw usage(`${flag} must be <n> or <h>x<w>, got ${JSON.stringify(value)}`);
  const [h, w = h] = parts.map((part) => integer(part, flag, 1));
  return [h, w];
}

function baseline(value: string): number | "mean" {
  return value === "mean" ? "mean" : number(value, "--baseline");
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(value as T)) throw usage(`${flag} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  return value as T;
}
