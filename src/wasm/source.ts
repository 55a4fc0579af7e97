// Where the kernel comes from when init() is given none: both builds inlined as hex,
// so one file loads in every runtime without fetching a .wasm. The workerd bundle swaps
// this file for source.workerd.ts (scripts/rollup/kernel-files.mjs): workerd cannot compile bytes.
import { SCALAR_KERNEL_HEX, SIMD_KERNEL_HEX } from "./generated/kernel-wasm.ts";

/**
 * The smallest module that uses SIMD: (func (result v128) (v128.const i32x4 0 0 0 0)).
 * Validating it answers "has SIMD?" without a second full decode of the 8 KiB kernel,
 * which compile() validates anyway (a few ms in a fresh process).
 */
export const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** The built-in kernel: the SIMD build if wanted and the engine validates SIMD, else the scalar one. */
export function builtInKernel(wantSimd: boolean): Promise<WebAssembly.Module> {
  // validate() is asked at load time, not import time, so an engine without SIMD (or a
  // test that stubs validate) gets the scalar build.
  const simd = wantSimd && WebAssembly.validate(SIMD_PROBE);
  return WebAssembly.compile(decodeHex(simd ? SIMD_KERNEL_HEX : SCALAR_KERNEL_HEX));
}

/** Hex digit value of a char code ('0'-'9', 'a'-'f'): the strings are generated lower case. */
const nibble = (code: number) => (code < 97 ? code - 48 : code - 87);

function decodeHex(text: string): Uint8Array<ArrayBuffer> {
  // charCodeAt, not parseInt(slice): no string per byte (about 10x faster before the JIT warms up).
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0, at = 0; index < bytes.length; index++, at += 2) {
    bytes[index] = (nibble(text.charCodeAt(at)) << 4) | nibble(text.charCodeAt(at + 1));
  }
  return bytes;
}
