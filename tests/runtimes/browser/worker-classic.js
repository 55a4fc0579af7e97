// Classic Web Worker: importScripts() the classic build (global occlusionWasm); the suite via import().
importScripts("/dist/index.global.js");
(async () => {
  const { crashed, kernelExtras } = await import("/tests/runtimes/browser/kernels.mjs");
  try {
    const { runSuite } = await import("/test-output/runtime-suite.mjs");
    postMessage(await runSuite(self.occlusionWasm, { runtime: "chromium-worker-classic", ...(await kernelExtras(self.location.href)) }));
  } catch (error) {
    postMessage(crashed("chromium-worker-classic", error));
  }
})();
