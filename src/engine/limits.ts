// Resource limits of a run, checked before anything large is allocated: WebAssembly's
// 32-bit memory (4 GiB), the caller's optional maxMemoryBytes (on whole pages, as memory
// grows), and two JS-side arrays bounded by the same 4 GiB: the per-window differences
// (windows x outputs float32) and additional tensor arguments repeated once per
// perturbation in a forward call.
import { fail } from "../errors.ts";
import { WASM_MAX_BYTES, WASM_PAGE_BYTES } from "../wasm/layout.ts";

/** The most wasm memory a run may use. */
export function memoryLimit(maxMemoryBytes: number): number {
  return Math.min(WASM_MAX_BYTES, maxMemoryBytes);
}

/**
 * The wasm memory that holds `bytes`: memory grows in whole 64 KiB pages, so this, not
 * `bytes`, is what a run really uses and what maxMemoryBytes bounds.
 */
export function pageBytes(bytes: number): number {
  return Math.ceil(bytes / WASM_PAGE_BYTES) * WASM_PAGE_BYTES;
}

/** Throws MEMORY_LIMIT when `bytes` of wasm memory, in whole pages, exceed the run's limit. */
export function checkWasmBytes(bytes: number, maxMemoryBytes: number, when: string): void {
  const limit = memoryLimit(maxMemoryBytes);
  if (limit < WASM_PAGE_BYTES) {
    fail("MEMORY_LIMIT", `maxMemoryBytes is ${limit} bytes, below the smallest wasm memory a run can have: ${WASM_PAGE_BYTES} bytes ` +
      "(one 64 KiB page: memory grows in whole pages, and the kernel's own static data and stack come first); use at least 65536");
  }
  const used = pageBytes(bytes);
  if (used <= limit) return;
  // Just over the limit, both round to the same figure ("4.00 GiB ... at most 4.00 GiB"): give bytes.
  const [needed, allowed] = formatBytes(used) === formatBytes(limit) ? [`${used} bytes`, `${limit} bytes`] : [formatBytes(used), formatBytes(limit)];
  fail("MEMORY_LIMIT", `this run needs ${needed} of wasm memory ${when}, but at most ${allowed} is allowed` +
    " (WebAssembly's 4 GiB, or maxMemoryBytes); use fewer perturbationsPerEval, a smaller concurrency, larger strides or a smaller input");
}

/** Throws MEMORY_LIMIT when the differences array (windows x outputs float32) would exceed 4 GiB. */
export function checkDifferencesBytes(windowCount: number, outputCount: number): void {
  const bytes = windowCount * outputCount * 4;
  if (bytes <= WASM_MAX_BYTES) return;
  fail("MEMORY_LIMIT", `the run would store ${windowCount} windows x ${outputCount} output values = ${formatBytes(bytes)} of differences` +
    " (at most 4 GiB); select fewer outputs with target, or use larger strides");
}

/** Throws MEMORY_LIMIT when additionalForwardArgs, repeated for one forward call, would exceed 4 GiB. */
export function checkTiledBytes(bytes: number, copies: number): void {
  if (bytes <= WASM_MAX_BYTES) return;
  fail("MEMORY_LIMIT", `additionalForwardArgs repeated for ${copies} perturbations per forward call would take ${formatBytes(bytes)}` +
    " (at most 4 GiB); use a smaller perturbationsPerEval");
}

export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${bytes} bytes`;
}
