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
  --ppe <n|auto>       perturbations per model call (batch size), default 16; auto
                       measures the first calls and keeps the fastest size
  --method <m>         heat_map | blended_heat_map (default) | masked_image | alpha_scaling
  --sign <s>           all | positive | negative | absolute_value; default: all for the
                       heat maps, positive for masked_image and alpha_scaling
  --outlier-perc <p>   clip the top p % of attribution mass (default 2, as Captum)
  --zoom <n>           enlarge the picture n times, nearest neighbour (default 1)
  --smooth             enlarge with bilinear interpolation instead
  --legend             draw a colour legend with the value range under the picture
  --side-by-side       put the image itself left of the attribution picture
  --out <path>         picture to write, .png or .jpg, in an existing folder
                       (default: <image name>.occlusion.png in the current folder)
  --json <path>        also write the attribution and run details to this .json file
  --labels <path>      class names to print: JSON (an array, { classNames }, { "0": name })
                       or one name a line; default: the model's metadata (key labels)
  -h, --help           show this help
  -v, --version        print the version

${PREPROCESS_HELP}

Needs onnxruntime-web, and pngjs / jpeg-js for PNG / JPEG files, installed next to
occlusion-wasm: npm install onnxruntime-web pngjs jpeg-js
Exit status: 0 done, 1 the run failed (file, image, model), 2 bad flags
(including an --out/--json name with the wrong extension or in a missing folder).`;

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
  version: boolean;
  model: string;
  image: string;
  window?: [number, number];
  stride?: [number, number];
  target: number | "predicted";
  baseline: number | "mean";
  perturbationsPerEval: number | "auto";
  method: Method;
  sign: Sign;
  outlierPerc: number;
  zoom: number;
  smooth: boolean;
  legend: boolean;
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
  smooth: { type: "boolean" }, legend: { type: "boolean" },
  help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" },
  ...PREPROCESS_FLAGS,
} as const;

const OUTPUT_EXTENSIONS = { "--out": [".png", ".jpg", ".jpeg"], "--json": [".json"] } as const;

export function parseOptions(argv: string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: joinNegativeValues(argv), options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw parseError((error as Error).message);
  }
  const text = (name: string) => values[name] as string | undefined;
  if (values.help) return { help: true } as CliOptions;
  if (values.version) return { version: true } as CliOptions;
  for (const required of ["model", "image"]) if (!text(required)) throw usage(`--${required} is required`);
  const method = oneOf(text("method") ?? "blended_heat_map", METHODS, "--method");
  const oneSign = method === "masked_image" || method === "alpha_scaling";
  const sign = oneSign ? "positive" : "all";
  if (oneSign && text("sign") === "all") throw usage(`--sign all cannot be drawn by --method ${method} (it shows one sign); use positive, negative or absolute_value`);
  return {
    help: false,
    version: false,
    model: text("model")!,
    image: text("image")!,
    window: text("window") === undefined ? undefined : pair(text("window")!, "--window"),
    stride: text("stride") === undefined ? undefined : pair(text("stride")!, "--stride"),
    // Negative targets reach the library, whose message explains why they are refused.
    target: text("target") === undefined || text("target") === "predicted" ? "predicted" : integer(text("target")!, "--target", -Infinity),
    baseline: baseline(text("baseline") ?? "0"),
    perturbationsPerEval: text("ppe") === "auto" ? "auto" : integer(text("ppe") ?? "16", "--ppe", 1, " or auto"),
    method,
    sign: oneOf(text("sign") ?? sign, SIGNS, "--sign"),
    outlierPerc: percent(text("outlier-perc") ?? "2", "--outlier-perc"),
    zoom: integer(text("zoom") ?? "1", "--zoom", 1),
    smooth: values.smooth === true,
    legend: values.legend === true,
    preprocess: parsePreprocess(text),
    sideBySide: values["side-by-side"] === true,
    out: outputPath(text("out"), "--out"),
    json: outputPath(text("json"), "--json"),
    labels: text("labels"),
  };
}

function usage(message: string): CliError {
  return new CliError(`${message} (see --help)`, 2);
}

// parseArgs' first line for "--window --out x.png" is "argument is ambiguous": say what it means.
function parseError(message: string): CliError {
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) return usage(`${ambiguous[1]} is missing its value (a value starting with "-" is written ${ambiguous[1]}=-…)`);
  return usage(message.split("\n")[0]);
}

function percent(value: string, flag: string): number {
  const parsed = number(value, flag);
  if (parsed < 0 || parsed > 100) throw usage(`${flag} must be a percentage in [0, 100], got ${JSON.stringify(value)}`);
  return parsed;
}

// parseArgs reads "--target -1" as a flag without its value; "--target=-1" is what it means.
function joinNegativeValues(argv: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].startsWith("--") ? argv[i].slice(2) : "";
    const takesValue = (FLAGS as Record<string, { type: string }>)[flag]?.type === "string";
    if (takesValue && /^-\d|^-\.\d/.test(argv[i + 1] ?? "")) joined.push(`${argv[i]}=${argv[++i]}`);
    else joined.push(argv[i]);
  }
  return joined;
}

function integer(value: string, flag: string, min: number, or = ""): number {
  const parsed = Number(value);
  const expected = (min === -Infinity ? "an integer" : `an integer >= ${min}`) + or;
  if (!/^-?\d+$/.test(value) || parsed < min) throw usage(`${flag} must be ${expected}, got ${JSON.stringify(value)}`);
  return parsed;
}

/** An output file name with an extension the CLI can write (the folder is checked in run.ts). */
function outputPath(value: string | undefined, flag: keyof typeof OUTPUT_EXTENSIONS): string | undefined {
  if (value === undefined) return undefined;
  const allowed: readonly string[] = OUTPUT_EXTENSIONS[flag];
  const extension = /\.[^./\\]*$/.exec(value)?.[0].toLowerCase() ?? "";
  if (!allowed.includes(extension)) {
    const got = extension ? `"${extension}"` : "no extension";
    throw usage(`${flag} must name a ${allowed.join(", ")} file, got ${JSON.stringify(value)} (${got})`);
  }
  return value;
}

function number(value: string, flag: string): number {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) throw usage(`${flag} must be a number, got ${JSON.stringify(value)}`);
  return parsed;
}

/** "4" is 4x4; "3x5" (or "3,5") is 3 rows by 5 columns. */
function pair(value: string, flag: string): [number, number] {
  const parts = value.split(/[x,]/);
  const wrong = (what: string) => usage(`${flag} must be <n> or <h>x<w> in pixels (e.g. 4 or 3x5), got ${JSON.stringify(value)}: ${what}`);
  if (parts.length > 2) throw wrong("more than two sizes");
  const names = parts.length === 1 ? ["the size"] : ["the height (before x)", "the width (after x)"];
  const sizes = parts.map((part, i) => {
    if (part.trim() === "") throw wrong(`${names[i]} is missing`);
    if (!/^\d+$/.test(part.trim())) throw wrong(`${names[i]} ${JSON.stringify(part)} is not a whole number`);
    if (Number(part) < 1) throw wrong(`${names[i]} must be at least 1`);
    return Number(part);
  });
  return [sizes[0], sizes[1] ?? sizes[0]];
}

function baseline(value: string): number | "mean" {
  return value === "mean" ? "mean" : number(value, "--baseline");
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(value as T)) throw usage(`${flag} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  return value as T;
}
