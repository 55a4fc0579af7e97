// npm run bench:kernel — the kernel alone: dealWindows and updateWindows moving every
// batch copy from its previous window to its next one (as runs, README "How windows are
// batched", with box records), over the same configurations as the main bench, with no
// JS around it. This is the floor of the library's time per
// perturbation; the rest of a run (filling the buffers once, the final spread, one
// forward call per batch) comes on top. Best of 20 repetitions, against the best copy.
import { acquireKernel, loadKernel as init, releaseKernel } from "../src/wasm/kernel.ts";
import { layMoves } from "./kernel-layout.ts";
import { CONFIGS, windowCountOf, type BenchConfig } from "./configs.ts";
import { copyMs } from "./timing.ts";

function timeConfig(config: BenchConfig): { perturbationUs: number; copyUs: number } {
  const kernel = acquireKernel();
  const ppe = config.perturbationsPerEval;
  const { copyLength, geometry, geometryPtr, jobPtr, scratchPtr, boxesPtr, inputPtr, batchPtr } = layMoves(kernel, config);
  const ints = new Int32Array(kernel.memory.buffer);
  const windows = windowCountOf(config);
  const calls = Math.ceil(windows / ppe);
  const longCopies = windows - (calls - 1) * ppe;
  let best = Infinity;
  for (let repetition = 0; repetition < 20; repetition++) {
    ints.fill(-1, boxesPtr / 4, inputPtr / 4);
    const start = performance.now();
    for (let call = 0; call < calls; call++) {
      kernel.dealWindows(jobPtr, ppe, calls, longCopies, call - 1, call, 0, windows);
      kernel.updateWindows(inputPtr, 0, 0, batchPtr, 4 * copyLength, config.shape[0], geometryPtr, geometry.length / 4, jobPtr, ppe, scratchPtr, boxesPtr);
    }
    best = Math.min(best, (performance.now() - start) / windows);
  }
  releaseKernel(kernel);
  const copy = Math.min(...Array.from({ length: 5 }, () => copyMs(copyLength, 5)));
  return { perturbationUs: best * 1e3, copyUs: copy * 1e3 };
}

await init();
for (const config of CONFIGS) {
  const { perturbationUs, copyUs } = timeConfig(config);
  console.log(`${config.name.padEnd(18)} updateWindows ${perturbationUs.toFixed(3)} µs / perturbation, copy ${copyUs.toFixed(2)} µs, ratio ${(perturbationUs / copyUs).toFixed(3)}`);
}
