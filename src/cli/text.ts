// occlusion-wasm --text: explain a text classifier's prediction for one sentence (or
// every line of --text-file) with an ONNX model and a WordTokenizer JSON, as the words
// coloured by attribution (plain with values when not a terminal or under --no-color),
// optionally written as visualizeText HTML. The image flags live in options.ts.
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { onnxForward } from "../adapters/index.ts";
import { explainText, WordTokenizer } from "../text/index.ts";
import { visualizeText, visualizeTextAnsi } from "../visualize/index.ts";
import { readInput } from "./image-io.ts";
import { firstLine } from "./model.ts";
import { CliError } from "./options.ts";
import { loadPeers } from "./peers.ts";

export const TEXT_HELP = `Text mode: occlusion-wasm --model <model.onnx> --tokenizer <tokenizer.json> (--text <sentence> | --text-file <lines.txt>)
  --labels <path>      JSON class names (an array, or an object with classes / classNames)
  --window <n>         occlude token n-grams (Occlusion) instead of removing whole words (FeatureAblation)
  --baseline-id <id>   the id occluded tokens become (pad / mask / unk), default the tokenizer's pad
  --target <k>         class to attribute, default the predicted one
  --html <path>        also write the records as visualizeText HTML
  --no-color           plain words with their values`;

/** True when argv asks for text mode. */
export const wantsText = (argv: readonly string[]) => argv.includes("--text") || argv.includes("--text-file");

const integer = (value: string | undefined, flag: string, least: number) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < least) throw new CliError(`${flag} must be an integer ≥ ${least}, got ${JSON.stringify(value)}`, 2);
  return n;
};

export async function runTextCli(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: {
      model: { type: "string" }, tokenizer: { type: "string" }, text: { type: "string" }, "text-file": { type: "string" },
      labels: { type: "string" }, window: { type: "string" }, "baseline-id": { type: "string" }, target: { type: "string" },
      html: { type: "string" }, "no-color": { type: "boolean" },
    } }));
  } catch (error) {
    throw new CliError(`${firstLine(error)} (see --help, text mode)`, 2);
  }
  if (!values.model || !values.tokenizer) throw new CliError("text mode needs --model and --tokenizer", 2);
  const window = integer(values.window, "--window", 1);
  const baselineId = integer(values["baseline-id"], "--baseline-id", 0);
  const target = integer(values.target, "--target", 0);
  const lines = values.text !== undefined ? [values.text]
    : new TextDecoder().decode(await readInput(values["text-file"]!, "text file")).split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) throw new CliError("no text to explain (empty --text or --text-file)", 2);
  let tokenizer: WordTokenizer;
  try {
    tokenizer = new WordTokenizer(JSON.parse(new TextDecoder().decode(await readInput(values.tokenizer, "tokenizer"))));
  } catch (error) {
    throw new CliError(`cannot read tokenizer ${values.tokenizer}: ${firstLine(error)}`);
  }
  const classes = values.labels ? await readClasses(values.labels) : undefined;
  const { ort } = await loadPeers(["onnxruntime-web"]);
  ort!.env.wasm.numThreads = 1;
  let session;
  try {
    session = await ort!.InferenceSession.create(await readInput(values.model, "model"), { executionProviders: ["wasm"] });
  } catch (error) {
    throw new CliError(`cannot load model ${values.model}: ${firstLine(error)}`);
  }
  const forward = onnxForward(session, ort!.Tensor);
  const attentionMask = session.inputNames.length > 1;
  const records = [];
  for (const line of lines) {
    records.push(await explainText(forward, tokenizer, line, { classes, window, baselineId: baselineId ?? tokenizer.padId, target, attentionMask }));
  }
  process.stdout.write(visualizeTextAnsi(records, values["no-color"] ? { color: false } : {}));
  if (values.html) await writeFile(values.html, `<!doctype html><meta charset="utf-8">${visualizeText(records)}\n`);
}

async function readClasses(file: string): Promise<string[]> {
  const json = JSON.parse(await readFile(file, "utf8"));
  const list = Array.isArray(json) ? json : json?.classes ?? json?.classNames;
  if (!Array.isArray(list)) throw new CliError(`${file}: expected an array of class names, or { classes: [...] }`, 2);
  return list.map(String);
}
