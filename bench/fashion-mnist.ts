// npm run bench:model: the library's own share of wall time on a real model. The
// Fashion-MNIST CNN (examples/fashion-mnist) runs in onnxruntime-web (wasm, one thread)
// through onnxForward; a 28x28 image, window 4x4, stride 2 (169 windows). Time inside
// session.run is the model's; everything else (validation, batch writing, the adapter's
// tensor wrapping, target selection, the final spread) is the library's:
//   share = 1 - model time / total attribute time   (target: at most 5 %)
// reported as median(library time per run) / median(total per run).
// Settings take turns for WARMUP_ROUNDS unmeasured rounds, then ROUNDS measured ones; medians.
import * as ort from "onnxruntime-web";
import { Occlusion, init, tensor } from "../src/index.ts";
import { onnxForward, type OnnxSessionLike } from "../src/adapters/index.ts";
import { createFashionSession, readSampleImage, readSampleLabels } from "../tests/support/fashion-mnist.ts";

const WARMUP_ROUNDS = 10;
const ROUNDS = 40;
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

await init();
const [sample] = (await readSampleLabels()).filter((s) => s.file === "9-ankle-boot.png");
const input = tensor((await readSampleImage(sample.file)).pixels, [1, 1, 28, 28]);
const { timed, timer } = timedSession(await createFashionSession());
const occlusion = new Occlusion(onnxForward(timed, ort.Tensor));
const samples = PERTURBATIONS_PER_EVAL.map(() => ({ totals: [] as number[], library: [] as number[] }));

// Settings take turns, round after round, so warm-up (JIT) and machine drift hit them alike.
for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
  for (const [index, perturbationsPerEval] of PERTURBATIONS_PER_EVAL.entries()) {
    timer.modelMs = 0;
    const started = performance.now();
    await occlusion.attribute(input, { slidingWindowShapes: [1, 4, 4], strides: [1, 2, 2], target: sample.predicted, perturbationsPerEval });
    if (round < WARMUP_ROUNDS) continue;
    const totalMs = performance.now() - started;
    samples[index].totals.push(totalMs);
    samples[index].library.push(totalMs - timer.modelMs);
  }
}

console.log(`Fashion-MNIST CNN, onnxruntime-web ${ort.env.versions.web} (wasm, 1 thread), 28x28, window 4x4, stride 2; ` +
  `median of ${ROUNDS} runs after ${WARMUP_ROUNDS} warm-up rounds`);
console.log("ppe   calls   total ms   model ms   library ms   library share");
for (const [index, ppe] of PERTURBATIONS_PER_EVAL.entries()) {
  // Medians of each run's total and of each run's library time (a GC pause in one run stays in that run).
  const totalMs = median(samples[index].totals);
  const libraryMs = median(samples[index].library);
  const modelMs = totalMs - libraryMs;
  const calls = 1 + Math.ceil(169 / ppe);
  console.log(`${String(ppe).padStart(3)}   ${String(calls).padStart(5)}   ${totalMs.toFixed(1).padStart(8)}   ${modelMs.toFixed(1).padStart(8)}   ` +
    `${libraryMs.toFixed(2).padStart(10)}   ${(100 * (libraryMs / totalMs)).toFixed(1).padStart(12)} %`);
}
