// Where the kernel comes from when init() is given none: both builds inlined as base64,
// so one file loads in every runtime without fetching a .wasm. The workerd bundle swaps
// this file for kernel-source.workerd.ts (rollup.config.mjs): workerd cannot compile bytes.
import { SCALAR_KERNEL_BASE64, SIMD_KERNEL_BASE64 } from "./generated/kernel-wasm.ts";

/** The built-in kernel: the SIMD build if wanted and the engine validates it, else the scalar one. */
export function builtInKernel(wantSimd: boolean): Promise<WebAssembly.Module> {
  // validate() is asked at load time, not import time, so an engine without SIMD (or a
  // test that stubs validate) gets the scalar build.
  const simd = decodeBase64(SIMD_KERNEL_BASE64);
  const bytes = wantSimd && WebAssembly.validate(simd) ? simd : decodeBase64(SCALAR_KERNEL_BASE64);
  return WebAssembly.compile(bytes);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
