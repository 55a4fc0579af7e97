// The library as the first-call bench bundles it: the public entry, plus the pool's
// counters (the bytes of wasm memory a run used) for the fresh-memory estimate.
export * from "../src/index.ts";
export { kernelStats } from "../src/wasm/kernel.ts";
