// A `.wasm` import yields a compiled WebAssembly.Module (workerd, wrangler, esbuild's
// "copy" loaders); only the workerd kernel source uses one.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
