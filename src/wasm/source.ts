// Where the kernel comes from when init() is given none: both builds inlined as hex,
// so one file loads in every runtime without fetching a .wasm. The workerd bundle swaps
// this file for source.workerd.ts (scripts/rollup/kernel-files.mjs): workerd cannot compile bytes.
import { SCALAR_KERNEL_HEX, SIMD_KERNEL_HEX } from "./generated/kernel-wasm.ts";

/** The built-in kernel: the SIMD build if wanted and the engine validates it, else the scalar one. */
export function builtInKernel(wantSimd: boolean): Promise<WebAssembly.Module> {
  // validate() is asked at load time, not import time, so an engine without SIMD (or a
  // test that stubs validate) gets the scalar build.
  const simd = decodeHex(SIMD_KERNEL_HEX);
  const bytes = wantSimd && WebAssembly.validate(simd) ? simd : decodeHex(SCALAR_KERNEL_HEX);
  return WebAssembly.compile(bytes);
}

function decodeHex(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = parseInt(text.slice(2 * index, 2 * index + 2), 16);
  return bytes;
}
