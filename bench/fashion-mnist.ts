// npm run bench:model: the library's own share of wall time on a real model. The
// Fashion-MNIST CNN (examples/fashion-mnist) runs in onnxruntime-web (wasm, one thread)
// through onnxForward; a 28x28 image, window 4x4, stride 2 (169 windows). Time inside
// session.run is the model's; everything else (validation, batch writing, the adapter's
// tensor wrapping, target selection, the final spread) is the library's:
//   share = 1 - model time / total attribute time   (target: at most 5 %)
// Each setting is run WARMUP times, then RUNS times; medians are reported.
import * as ort from "onnxruntime-web";
import { Occlusion, init, tensor } from "../src/index.ts";
import { onnxForward, type OnnxSessionLike } from "../src/adapters.ts";
import { createFashionSession, readSampleImage, readSampleLabels } from "../tests/support/fashion-mnist.ts";

const WARMUP = 3;
const RUNS = 15;
const PERTURBATIONS_PER_EVAL = [1, 16, 169];

/** The session with a stopwatch around run(). */
function timedSession(session: ort.InferenceSession) {
  const timer = { modelMs: 0 };
  const timed: OnnxSessionLike = {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const started = performance.now();
      try {
        return await session.run(feeds);
      } finally {
        timer.modelMs += performance.now() - started;
      }
    },
  };
  return { timed, timer };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(perturbationsPerEval: number): Promise<{ totalMs: number; modelMs: number }> {
  const [sample] = (await readSampleLabels()).filter((s) => s.file === "9-ankle-boot.png");
  const input = tensor((await readSampleImage(sample.file)).pixels, [1, 1, 28, 28]);
  const { timed, timer } = timedSession(await createFashionSession());
  const occlusion = new Occlusion(onnxForward(timed, ort.Tensor));
  const options = { slidingWindowShapes: [1, 4, 4], strides: [1, 2, 2], target: sample.predicted, perturbationsPerEval };
  const totals: number[] = [];
  const models: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    timer.modelMs = 0;
    const started = performance.now();
    await occlusion.attribute(input, options);
    if (run >= WARMUP) {
      totals.push(performance.now() - started);
      models.push(timer.modelMs);
    }
  }
  return { totalMs: median(totals), modelMs: median(models) };
}

await init();
console.log(`Fashion-MNIST CNN, onnxruntime-web ${ort.env.versions.web} (wasm, 1 thread), 28x28, window 4x4, stride 2; median of ${RUNS} runs`);
console.log("ppe   total ms   model ms   library ms   library share");
for (const ppe of PERTURBATIONS_PER_EVAL) {
  const { totalMs, modelMs } = await measure(ppe);
  const share = 1 - modelMs / totalMs;
  console.log(`${String(ppe).padStart(3)}   ${totalMs.toFixed(1).padStart(8)}   ${modelMs.toFixed(1).padStart(8)}   ` +
    `${(totalMs - modelMs).toFixed(2).padStart(10)}   ${(100 * share).toFixed(1).padStart(12)} %`);
}
