/**
 * Loads the text example (examples/text): its tokenizer, held-out rows, metrics, Captum
 * goldens and an onnxruntime-web session on the wasm backend. Node only (reads files).
 */
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-web";
import { WordTokenizer, type WordTokenizerJSON } from "../../src/text/index.ts";

export const TEXT_DIR = new URL("../../examples/text/", import.meta.url);

async function json<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(new URL(name, TEXT_DIR), "utf8")) as T;
}

export interface HeldOutRow { ids: number[]; label: number; logits: number[] }
export interface TextData { classes: string[]; test: { text: string; label: number }[] }
export interface GoldenCase {
  text: string; ids: number[]; featureMask: number[]; target: number; label: number; logits: number[];
  featureAblation: number[]; occlusion: Record<string, number[]>;
}
export interface Goldens { baselineId: number; perturbationsPerEval: number; cases: GoldenCase[] }

export const readTokenizer = async () => new WordTokenizer(await json<WordTokenizerJSON>("tokenizer.json"));
export const readHeldOut = () => json<HeldOutRow[]>("heldout.json");
export const readData = () => json<TextData>("data.json");
export const readMetrics = () => json<{ testAccuracy: number; testSize: number }>("metrics.json");
export const readGoldens = () => json<Goldens>("goldens.json");

export async function createTextSession(): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1;
  const model = await readFile(new URL("model.onnx", TEXT_DIR));
  return ort.InferenceSession.create(model, { executionProviders: ["wasm"] });
}
