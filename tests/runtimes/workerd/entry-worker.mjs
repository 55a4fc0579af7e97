// workerd, through the package's "workerd" export condition, bundled the way wrangler does
// (esbuild, .wasm left as module imports): no init() call needed, the kernel arrives as modules.
import * as lib from "occlusion-wasm";
import { runSuite } from "../../../test-output/runtime-suite.mjs";

export default {
  async fetch() {
    const result = await runSuite(lib, { runtime: "workerd-entry", compiles: false });
    return Response.json(result);
  },
};
