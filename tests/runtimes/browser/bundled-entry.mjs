// A browser app built with a bundler: esbuild resolves "occlusion-wasm" through the
// package's exports (platform browser), inlining the kernel; scripts/runtimes/chromium.mjs
// bundles this file into test-output/browser-bundle.mjs for bundled.html.
import * as lib from "occlusion-wasm";
import { runSuite } from "../../../test-output/runtime-suite.mjs";
import { crashed, kernelExtras } from "./kernels.mjs";

try {
  window.__result = await runSuite(lib, { runtime: "chromium-bundled", ...(await kernelExtras(location.href)) });
} catch (error) {
  window.__result = crashed("chromium-bundled", error);
}
