// workerd with the plain ESM build (what a bundler without the "workerd" condition gives):
// the default init() cannot compile the inlined bytes, so the worker hands over the kernels
// it imported as `wasm` modules with init({ module }).
import * as lib from "./index.mjs";
import { runSuite } from "./runtime-suite.mjs";
import simdModule from "./kernel.simd.wasm";
import scalarModule from "./kernel.scalar.wasm";

export default {
  async fetch() {
    const result = await runSuite(lib, { runtime: "workerd-module", defaultLoads: false, compiles: false, simdModule, scalarModule });
    return Response.json(result);
  },
};
