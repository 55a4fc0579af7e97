// Float32 bits and int32 values <-> base64 for partial records: exact (every bit pattern,
// NaN payloads included) and portable (btoa/atob exist in browsers, workers, Node >= 16,
// Deno, Bun). Little-endian whatever the host.
import { fail } from "../errors.ts";

const CHUNK = 0x8000;

export function encodeFloat32(values: Float32Array): string {
  return encodeWords(values);
}

export function decodeFloat32(text: string): Float32Array {
  const bytes = decodeWords(text, "differences", "float32 values");
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  const values = new Float32Array(bytes.length / 4);
  for (let index = 0; index < values.length; index++) values[index] = view.getFloat32(index * 4, true);
  return values;
}

/** FeatureAblation's feature runs and offsets in a record. */
export function encodeInt32(values: Int32Array): string {
  return encodeWords(values);
}

export function decodeInt32(text: string, field: string): Int32Array {
  const bytes = decodeWords(text, field, "int32 values");
  if (LITTLE_ENDIAN) return new Int32Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  const values = new Int32Array(bytes.length / 4);
  for (let index = 0; index < values.length; index++) values[index] = view.getInt32(index * 4, true);
  return values;
}

function encodeWords(values: Float32Array | Int32Array): string {
  const bytes = littleEndianBytes(values);
  let binary = "";
  for (let at = 0; at < bytes.length; at += CHUNK) binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return btoa(binary);
}

function decodeWords(text: string, field: string, what: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch (error) {
    return fail("PARTIAL_INVALID", `the partial's ${field} are not base64`, error);
  }
  if (binary.length % 4 !== 0) fail("PARTIAL_INVALID", `the partial's ${field} hold ${binary.length} bytes, not a whole number of ${what}`);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
  return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function littleEndianBytes(values: Float32Array | Int32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  // Int32 words are copied as their bits; a float32's bits are its value's.
  const words = new Int32Array(values.buffer, values.byteOffset, values.length);
  words.forEach((word, index) => view.setInt32(index * 4, word, true));
  return bytes;
}
