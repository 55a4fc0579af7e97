// The kernel source of the workerd bundle (dist/workerd.mjs): workerd refuses to compile
// wasm bytes at run time, so both builds arrive as WebAssembly.Module imports that
// wrangler (or a `wasm` module in workerd's config) provides. No top-level side effect:
// bundlers may tree-shake freely ("sideEffects": false).
import simdKernel from "./kernel.simd.wasm";
import scalarKernel from "./kernel.scalar.wasm";

/** The built-in kernel: the SIMD build unless the scalar one is asked for (workerd's V8 has SIMD). */
export function builtInKernel(wantSimd: boolean): Promise<WebAssembly.Module> {
  return Promise.resolve(wantSimd ? simdKernel : scalarKernel);
}
