// Float32 bits <-> base64 for partial records: exact (every bit pattern, NaN payloads
// included) and portable (btoa/atob exist in browsers, workers, Node >= 16, Deno, Bun).
import { fail } from "../errors.ts";

const CHUNK = 0x8000;

export function encodeFloat32(values: Float32Array): string {
  const bytes = littleEndianBytes(values);
  let binary = "";
  for (let at = 0; at < bytes.length; at += CHUNK) binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return btoa(binary);
}

export function decodeFloat32(text: string): Float32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch (error) {
    return fail("PARTIAL_INVALID", "the partial's differences are not base64", error);
  }
  if (binary.length % 4 !== 0) fail("PARTIAL_INVALID", `the partial's differences hold ${binary.length} bytes, not a whole number of float32 values`);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  const values = new Float32Array(bytes.length / 4);
  for (let index = 0; index < values.length; index++) values[index] = view.getFloat32(index * 4, true);
  return values;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function littleEndianBytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return bytes;
}
