// Module Web Worker: the ESM build, the same suite, the result posted to the page.
import * as lib from "/dist/index.mjs";
import { runSuite } from "/test-output/runtime-suite.mjs";
import { crashed, kernelExtras } from "/tests/runtimes/browser/kernels.mjs";

try {
  postMessage(await runSuite(lib, { runtime: "chromium-worker-module", ...(await kernelExtras(self.location.href)) }));
} catch (error) {
  postMessage(crashed("chromium-worker-module", error));
}
