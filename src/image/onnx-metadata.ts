// An ONNX file's metadata_props (ModelProto field 14: key/value strings), read straight
// from the protobuf bytes: onnxruntime's JS API does not expose them. Only the top-level
// fields are walked; the graph is skipped by its length. Keys this package reads:
// labels / classNames (JSON array, or one name a line), and the preprocessing keys
// layout, channels, order, fit, background, normalization, scale, mean, std.
import { OcclusionError } from "../index.ts";
import type { ImageToTensorOptions } from "./to-tensor.ts";
import { NORMALIZATIONS, type NormalizationName } from "./normalize.ts";

/** The `metadata_props` of an ONNX model file (labels, preprocessing), read from its bytes; `IMAGE_MODEL_FILE` if they are not a model. */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const props: Record<string, string> = {};
  const reader = new Reader(bytes);
  let fields = 0;
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    if (field === 14 && wire === 2) {
      const entry = new Reader(reader.bytes());
      let key = "", value = "";
      while (!entry.done()) {
        const tag = entry.tag();
        if (tag.field === 1 && tag.wire === 2) key = entry.string();
        else if (tag.field === 2 && tag.wire === 2) value = entry.string();
        else entry.skip(tag.wire);
      }
      props[key] = value;
    } else reader.skip(wire);
    fields++;
  }
  if (fields === 0) throw notOnnx("the file is empty");
  return props;
}

/** Class names from a labels file or metadata value: a JSON array, { classNames }, or one name a line. */
export function parseLabels(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new OcclusionError("IMAGE_OPTIONS", `image: labels look like JSON but do not parse: ${(error as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : ((parsed as Record<string, unknown>)?.classNames ?? (parsed as Record<string, unknown>)?.labels);
    if (Array.isArray(list)) return list.map(String);
    if (parsed && typeof parsed === "object") {
      // { "0": "cat", "1": "dog" } (Hugging Face's id2label)
      const entries = Object.entries(parsed as Record<string, unknown>).filter(([k]) => /^\d+$/.test(k));
      if (entries.length > 0) return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => String(v));
    }
    throw new OcclusionError("IMAGE_OPTIONS", "image: JSON labels must be an array of names, { classNames: [...] } or { \"0\": name, ... }");
  }
  return trimmed.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
}

/** Labels and preprocessing defaults a model's metadata carries (keys above); unknown keys are ignored. */
export function metadataDefaults(props: Record<string, string>): { labels: string[] | null; preprocessing: ImageToTensorOptions } {
  const labelText = props.labels ?? props.classNames ?? props.class_names ?? props.id2label;
  const pre: ImageToTensorOptions = {};
  const list = (text: string) => (text.trim().startsWith("[") ? JSON.parse(text) : text.split(",").map(Number)) as number[];
  try {
    if (props.layout) pre.layout = props.layout.toLowerCase() as ImageToTensorOptions["layout"];
    if (props.channels) pre.channels = Number(props.channels) as 1 | 3;
    if (props.order) pre.order = props.order.toLowerCase() as "rgb" | "bgr";
    if (props.fit) pre.fit = props.fit as ImageToTensorOptions["fit"];
    if (props.background) pre.background = props.background;
    if (props.normalization && props.normalization in NORMALIZATIONS) pre.normalization = props.normalization as NormalizationName;
    if (props.scale) pre.scale = Number(props.scale);
    if (props.mean) pre.mean = list(props.mean);
    if (props.std) pre.std = list(props.std);
  } catch (error) {
    throw new OcclusionError("IMAGE_OPTIONS", `image: the model's preprocessing metadata does not parse: ${(error as Error).message}`);
  }
  return { labels: labelText ? parseLabels(labelText) : null, preprocessing: pre };
}

const notOnnx = (why: string) => new OcclusionError("IMAGE_MODEL_FILE", `image: not an ONNX model (${why})`);

class Reader {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}
  done(): boolean {
    return this.at >= this.buf.length;
  }
  varint(): number {
    let value = 0, shift = 0;
    for (;;) {
      if (this.at >= this.buf.length || shift > 63) throw notOnnx("a varint runs past the end");
      const byte = this.buf[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  }
  tag(): { field: number; wire: number } {
    const tag = this.varint();
    const field = Math.floor(tag / 8), wire = tag % 8;
    if (field === 0 || wire === 3 || wire === 4 || wire > 5) throw notOnnx(`unexpected protobuf tag ${tag} at byte ${this.at}`);
    return { field, wire };
  }
  bytes(): Uint8Array {
    const length = this.varint();
    if (this.at + length > this.buf.length) throw notOnnx("a field runs past the end");
    return this.buf.subarray(this.at, (this.at += length));
  }
  string(): string {
    return new TextDecoder().decode(this.bytes());
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 5) this.advance(4);
    else this.bytes();
  }
  private advance(n: number): void {
    if (this.at + n > this.buf.length) throw notOnnx("a field runs past the end");
    this.at += n;
  }
}
