// workerd with the plain ESM build (what a bundler without the "workerd" condition gives):
// the default init() cannot compile the inlined bytes, so the worker imports the kernels as
// `wasm` modules and hands them over with init({ module }), as the README shows. The bare
// names are module names in config.capnp.
import * as lib from "occlusion-wasm";
import simdModule from "occlusion-wasm/kernel.simd.wasm";
import scalarModule from "occlusion-wasm/kernel.scalar.wasm";
import { runSuite } from "./runtime-suite.mjs";

export default {
  async fetch() {
    const result = await runSuite(lib, { runtime: "workerd-module", defaultLoads: false, compiles: false, simdModule, scalarModule });
    return Response.json(result);
  },
};
