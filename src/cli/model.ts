// The CLI's model: an onnxruntime-web session (wasm backend, one thread) on an ONNX file,
// and the image layout its one input takes, read from the session's input metadata:
// [N,C,H,W] (C of 1 or 3), [N,H,W,C] or [N,H,W]; symbolic sizes accept any image size.
import type * as Ort from "onnxruntime-web";
import { tensor, type Tensor } from "../index.ts";
import { CliError } from "./options.ts";
import { readInput, type Picture } from "./image-io.ts";

export type Layout = "nchw" | "nhwc" | "nhw";

/** What the model's input wants; null sizes are symbolic (any). */
export interface InputSpec {
  name: string;
  layout: Layout;
  channels: 1 | 3 | null;
  height: number | null;
  width: number | null;
}

export interface LoadedModel {
  ort: typeof Ort;
  session: Ort.InferenceSession;
  input: InputSpec;
}

export async function loadModel(file: string, ort: typeof Ort): Promise<LoadedModel> {
  const bytes = await readInput(file, "model");
  ort.env.wasm.numThreads = 1; // no worker threads: deterministic and quick to exit
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  } catch (error) {
    throw new CliError(`cannot load model ${file}: ${firstLine(error)}`);
  }
  if (session.inputNames.length !== 1) {
    throw new CliError(`${file} has ${session.inputNames.length} inputs (${session.inputNames.join(", ")}); the CLI feeds one image`);
  }
  return { ort, session, input: inputSpec(session, file) };
}

function inputSpec(session: Ort.InferenceSession, file: string): InputSpec {
  const name = session.inputNames[0];
  const meta = session.inputMetadata?.[0];
  if (!meta?.isTensor) return { name, layout: "nchw", channels: null, height: null, width: null }; // no metadata: trust the image
  if (meta.type !== "float32") throw new CliError(`${file}: input ${name} is ${meta.type}; the CLI feeds float32 pixels`);
  const dims = meta.shape.map((size) => (typeof size === "number" && size > 0 ? size : null));
  const fixed = (size: number | null): size is 1 | 3 => size === 1 || size === 3;
  if (dims.length === 3) return { name, layout: "nhw", channels: 1, height: dims[1], width: dims[2] };
  if (dims.length === 4 && fixed(dims[1])) return { name, layout: "nchw", channels: dims[1], height: dims[2], width: dims[3] };
  if (dims.length === 4 && fixed(dims[3])) return { name, layout: "nhwc", channels: dims[3], height: dims[1], width: dims[2] };
  throw new CliError(`${file}: input ${name} has shape [${meta.shape.join(", ")}]; the CLI feeds images as [N,C,H,W], [N,H,W,C] or [N,H,W] with 1 or 3 channels`);
}

/** "28x28 grayscale" and so on, for messages. */
export function describeInput(spec: InputSpec): string {
  const size = spec.height && spec.width ? `${spec.width}x${spec.height}` : "any size";
  const kind = spec.channels === null ? "" : spec.channels === 1 ? " grayscale" : " RGB";
  return `${size}${kind} image (input ${spec.name}: ${spec.layout.toUpperCase()})`;
}

/**
 * The picture as the model's input tensor, pixels / 255. Gray pictures are repeated
 * over 3 channels for an RGB model; RGB pictures become BT.601 luma for a gray one.
 */
export function toInputTensor(picture: Picture, spec: InputSpec, file: string): Tensor {
  const { width, height } = picture;
  if ((spec.height !== null && spec.height !== height) || (spec.width !== null && spec.width !== width)) {
    throw new CliError(`${file} is ${width}x${height} but the model takes a ${describeInput(spec)}; resize it first`);
  }
  const channels = spec.layout === "nhw" ? 1 : spec.channels ?? picture.channels;
  const data = new Float32Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < channels; c++) {
      const value = channelValue(picture, i, c, channels) / 255;
      data[spec.layout === "nchw" ? c * width * height + i : i * channels + c] = value;
    }
  }
  const shape = spec.layout === "nchw" ? [1, channels, height, width] : spec.layout === "nhwc" ? [1, height, width, channels] : [1, height, width];
  return tensor(data, shape);
}

function channelValue(picture: Picture, pixel: number, channel: number, wanted: number): number {
  const { pixels, channels } = picture;
  if (channels === 1) return pixels[pixel];
  if (wanted === 3) return pixels[pixel * 3 + channel];
  return 0.299 * pixels[pixel * 3] + 0.587 * pixels[pixel * 3 + 1] + 0.114 * pixels[pixel * 3 + 2];
}

export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0];
}
