/**
 * Loads the Fashion-MNIST example (examples/fashion-mnist): sample PNGs as
 * [0, 1] pixels, the labels PyTorch recorded for them, and an onnxruntime-web
 * session on the wasm backend. Node only (reads files); shared by tests and tools.
 */
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-web";
import { PNG } from "pngjs";

export const EXAMPLE_DIR = new URL("../../examples/fashion-mnist/", import.meta.url);
export const SAMPLES_DIR = new URL("samples/", EXAMPLE_DIR);
export const IMAGE_SIDE = 28;

/** One entry of samples/labels.json, written by train.py. */
export interface SampleLabel {
  file: string;
  label: number;
  className: string;
  testIndex: number;
  predicted: number;
  predictedClassName: string;
  logits: number[];
}

/** A decoded grayscale image: row-major pixels in [0, 1]. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/** The parts of model.json (written by train.py) that callers rely on. */
export interface ModelMetadata {
  input: { name: string; shape: (number | string)[] };
  output: { name: string; shape: (number | string)[] };
  classNames: string[];
  testAccuracy: number;
}

export async function readModelMetadata(): Promise<ModelMetadata> {
  return JSON.parse(await readFile(new URL("model.json", EXAMPLE_DIR), "utf8"));
}

export async function readSampleLabels(): Promise<SampleLabel[]> {
  return JSON.parse(await readFile(new URL("labels.json", SAMPLES_DIR), "utf8"));
}

/**
 * Decodes a PNG to gray pixels in [0, 1] (byte / 255, as train.py feeds PyTorch).
 * pngjs always yields 8-bit RGBA; gray pixels have r = g = b and are taken
 * as they are, colour ones become BT.601 luma. Alpha is ignored.
 */
export function decodeGrayPng(bytes: Uint8Array): GrayImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width, height, data } = png;
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const r = data[4 * i], g = data[4 * i + 1], b = data[4 * i + 2];
    const gray = r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b;
    pixels[i] = gray / 255;
  }
  return { width, height, pixels };
}

export async function readSampleImage(file: string): Promise<GrayImage> {
  return decodeGrayPng(await readFile(new URL(file, SAMPLES_DIR)));
}

/** Stacks 28x28 images into one float32 tensor [N, 1, 28, 28] named for the model. */
export function toModelInput(images: GrayImage[]): ort.Tensor {
  const size = IMAGE_SIDE * IMAGE_SIDE;
  const data = new Float32Array(images.length * size);
  images.forEach((image, n) => {
    if (image.width !== IMAGE_SIDE || image.height !== IMAGE_SIDE) {
      throw new Error(`expected a ${IMAGE_SIDE}x${IMAGE_SIDE} image, got ${image.width}x${image.height}`);
    }
    data.set(image.pixels, n * size);
  });
  return new ort.Tensor("float32", data, [images.length, 1, IMAGE_SIDE, IMAGE_SIDE]);
}

/**
 * An inference session on model.onnx with the wasm backend, single thread.
 * In Node, onnxruntime-web's "node" export reads its .wasm from its own dist/
 * folder with node:fs, so nothing is fetched. One thread avoids worker_threads
 * and keeps results independent of the machine's core count.
 */
export async function createFashionSession(): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1;
  const model = await readFile(new URL("model.onnx", EXAMPLE_DIR));
  return ort.InferenceSession.create(model, { executionProviders: ["wasm"] });
}

/** Logits [N, 10] for a batch built by toModelInput. */
export async function runFashionModel(session: ort.InferenceSession, input: ort.Tensor): Promise<ort.Tensor> {
  const outputs = await session.run({ input });
  return outputs.logits;
}
