// The CLI's model: an onnxruntime-web session (wasm backend, one thread) on an ONNX file,
// and the image layout its one input takes, read from the session's input metadata:
// [N,C,H,W] (C of 1 or 3), [N,H,W,C] or [N,H,W]; symbolic sizes accept any image size.
import type * as Ort from "onnxruntime-web";
import { imageInput, readOnnxMetadata } from "../image/index.ts";
import { CliError } from "./options.ts";
import { readInput } from "./image-io.ts";

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
  /** The model's metadata_props (labels, preprocessing); empty when it has none. */
  metadata: Record<string, string>;
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
  let metadata: Record<string, string> = {};
  try {
    metadata = readOnnxMetadata(bytes);
  } catch {
    // onnxruntime loaded it, so it is a model; metadata we cannot read is just absent.
  }
  return { ort, session, input: inputSpec(session, file), metadata };
}

function inputSpec(session: Ort.InferenceSession, file: string): InputSpec {
  const name = session.inputNames[0];
  const meta = session.inputMetadata?.[0];
  if (!meta?.isTensor) return { name, layout: "nchw", channels: null, height: null, width: null }; // no metadata: trust the image
  if (meta.type !== "float32") throw new CliError(`${file}: input ${name} is ${meta.type}; the CLI feeds float32 pixels`);
  const found = imageInput(meta.shape);
  if (found) return { name, ...found };
  throw new CliError(`${file}: input ${name} has shape [${meta.shape.join(", ")}]; the CLI feeds images as [N,C,H,W], [N,H,W,C] or [N,H,W] with 1 or 3 channels`);
}

/** "28x28 grayscale" and so on, for messages. */
export function describeInput(spec: InputSpec): string {
  const size = spec.height && spec.width ? `${spec.width}x${spec.height}` : "any size";
  const kind = spec.channels === null ? "" : spec.channels === 1 ? " grayscale" : " RGB";
  return `${size}${kind} image (input ${spec.name}: ${spec.layout.toUpperCase()})`;
}

export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0];
}
