// The fingerprint of a run: a 64-bit hash (two murmur3-style 32-bit lanes) of everything
// that decides its per-window differences — the method, the inputs' shapes and float32
// bits, the window geometry, the baselines, the target and additionalForwardArgs. Not
// covered: the forward function itself (it cannot be hashed), perturbationsPerEval,
// concurrency, order and progress options, which do not change any difference.
// A partial is only ever combined with runs of the same fingerprint (PARTIAL_MISMATCH).
import type { Baseline } from "../methods/baselines.ts";
import { isTensorLike } from "../tensor.ts";
import type { Target } from "./target.ts";

export interface FingerprintParts {
  method: string;
  inputs: { shape: number[] }[];
  inputData: ArrayBufferView[];
  /** The plan's own part (Occlusion: windows and strides). */
  identity: unknown;
  baselines: Baseline[];
  target: Target;
  additionalForwardArgs: unknown;
}

export function fingerprintOf(parts: FingerprintParts): string {
  const hash = new Hash();
  hash.text(`occlusion-wasm partial v1 ${parts.method}`);
  hash.text(JSON.stringify(parts.inputs.map((input) => input.shape)));
  parts.inputData.forEach((data) => hash.bytes(data));
  hashValue(hash, parts.identity, 0);
  for (const baseline of parts.baselines) {
    if (baseline.kind === "scalar") hash.text(`scalar ${Math.fround(baseline.value)}`);
    else {
      hash.text(`tensor ${JSON.stringify(baseline.sourceStrides)}`);
      hash.bytes(ArrayBuffer.isView(baseline.data) ? baseline.data : Float64Array.from(baseline.data as ArrayLike<number>));
    }
  }
  hash.text(JSON.stringify(parts.target));
  hashValue(hash, parts.additionalForwardArgs, 0);
  return hash.hex();
}

/** additionalForwardArgs: tensor-likes by shape and bits, plain data by value, anything else by its type. */
function hashValue(hash: Hash, value: unknown, depth: number): void {
  if (depth > 8) return hash.text("deep");
  if (value === undefined || value === null || typeof value !== "object") {
    return hash.text(typeof value === "function" ? "function" : `${typeof value}:${String(value)}`);
  }
  if (isTensorLike(value)) {
    const tensor = value as { data?: unknown; shape?: unknown; dims?: unknown };
    hash.text(`tensor ${JSON.stringify(tensor.shape ?? tensor.dims)}`);
    if (ArrayBuffer.isView(tensor.data)) hash.bytes(tensor.data);
    else hash.text(JSON.stringify(tensor.data ?? null));
    return;
  }
  if (ArrayBuffer.isView(value)) return hash.bytes(value);
  if (Array.isArray(value)) {
    hash.text(`array ${value.length}`);
    return value.forEach((entry) => hashValue(hash, entry, depth + 1));
  }
  for (const key of Object.keys(value).sort()) {
    hash.text(`key ${key}`);
    hashValue(hash, (value as Record<string, unknown>)[key], depth + 1);
  }
}

class Hash {
  private a = 0x9747b28c;
  private b = 0x2f6b1d35;
  private length = 0;

  text(text: string): void {
    this.word(text.length);
    for (let index = 0; index < text.length; index++) this.word(text.charCodeAt(index));
  }

  bytes(view: ArrayBufferView): void {
    this.word(view.byteLength);
    const whole = view.byteLength >>> 2;
    const words = view.byteOffset % 4 === 0 ? new Uint32Array(view.buffer, view.byteOffset, whole) : new Uint32Array(new Uint8Array(view.buffer, view.byteOffset, whole * 4).slice().buffer);
    for (let index = 0; index < words.length; index++) this.word(words[index]);
    const tail = new Uint8Array(view.buffer, view.byteOffset + whole * 4, view.byteLength - whole * 4);
    for (const byte of tail) this.word(byte);
  }

  private word(value: number): void {
    this.a = mix(this.a, value);
    this.b = mix(this.b, value ^ 0x5bd1e995);
    this.length++;
  }

  hex(): string {
    const a = finalize(this.a ^ this.length);
    const b = finalize(this.b ^ this.length);
    return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
  }
}

function mix(hash: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  hash ^= k;
  hash = (hash << 13) | (hash >>> 19);
  return (Math.imul(hash, 5) + 0xe6546b64) | 0;
}

function finalize(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
