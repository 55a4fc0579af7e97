// Types of the `occlusion-wasm/kernel.simd.wasm` and `occlusion-wasm/kernel.scalar.wasm`
// subpaths, published as dist/kernel.wasm.d.ts and .d.cts. Self-contained (the same rule
// as WasmModule in src/host-types.ts) so that it checks with or without the DOM lib.
type Host = typeof globalThis;
type WasmModule = Host extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : object;

/**
 * The kernel as a compiled `WebAssembly.Module`, where `.wasm` imports yield modules
 * (workerd, wrangler): hand it to `init({ module })`. Bundlers that turn `.wasm` imports
 * into URLs or bytes type it their own way; pass those to `init({ wasm })`.
 */
declare const kernel: WasmModule;
export default kernel;
