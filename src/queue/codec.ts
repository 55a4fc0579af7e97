// Job data of occlusion-wasm/queue: inputs and options as plain JSON, so a job can be
// run by a worker on any machine. Tensor-likes (inputs, tensor baselines, tensor
// additionalForwardArgs, integer targets) travel as { $tensor: { type, shape, data } }
// with their bits in base64; plain values as they are.
import { OcclusionError } from "../index.ts";

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | BigInt64Array | BigUint64Array;

const TYPES: Record<string, new (buffer: ArrayBuffer) => Typed> = {
  Float32Array, Float64Array, Int32Array, Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, BigInt64Array, BigUint64Array,
};

/** Options a producer may not send: they only make sense in the process that gave them. */
const LOCAL_ONLY = ["onPartial", "signal", "resumeFrom", "windows"];

export function encodeOptions(options: Record<string, unknown>): unknown {
  for (const key of LOCAL_ONLY) {
    if (options[key] !== undefined) throw new OcclusionError("QUEUE_OPTIONS", `${key} cannot be sent to queue workers; the producer splits the windows itself`);
  }
  if (typeof options.showProgress === "function") throw new OcclusionError("QUEUE_OPTIONS", "showProgress must be true or false for queue workers, not a function");
  return encodeValue(options, "options");
}

export function encodeValue(value: unknown, where: string): unknown {
  if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (value === undefined) return undefined;
  if (ArrayBuffer.isView(value)) return { $tensor: encodeTyped(value as Typed, [(value as Typed).length]) };
  if (Array.isArray(value)) return value.map((entry, index) => encodeValue(entry, `${where}[${index}]`));
  if (typeof value === "object") {
    const tensor = value as { data?: unknown; shape?: unknown; dims?: unknown; dataSync?: () => unknown };
    const shape = (tensor.shape ?? tensor.dims) as number[] | undefined;
    const data = typeof tensor.dataSync === "function" ? tensor.dataSync() : tensor.data;
    if (Array.isArray(shape) && ArrayBuffer.isView(data)) return { $tensor: encodeTyped(data as Typed, Array.from(shape)) };
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, encodeValue(entry, `${where}.${key}`)]));
  }
  throw new OcclusionError("QUEUE_OPTIONS", `${where} is a ${typeof value}, which cannot be sent to queue workers as JSON`);
}

export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value === null || typeof value !== "object") return value;
  const record = value as { $tensor?: { type: string; shape: number[]; data: string } };
  if (record.$tensor) {
    const { type, shape, data } = record.$tensor;
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
    return { data: new TYPES[type](bytes.buffer), shape };
  }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, decodeValue(entry)]));
}

function encodeTyped(data: Typed, shape: number[]): { type: string; shape: number[]; data: string } {
  const type = data.constructor.name;
  if (!(type in TYPES)) throw new OcclusionError("QUEUE_OPTIONS", `tensor data of type ${type} cannot be sent to queue workers`);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return { type, shape, data: btoa(binary) };
}
