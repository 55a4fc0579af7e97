// npm run bench's perturbationsPerEval "auto" row: a synthetic forward whose cost is known
// (a fixed cost per call plus a cost per perturbation, and in the second model an extra
// cost per perturbation above 16, as a model that falls out of cache), so the best fixed
// size is known: 64 for the first, 16 for the second. Each round times the fixed sizes and
// "auto" once, in turn; the figures are medians over rounds, and the ratio is auto's time
// over the fastest fixed size's, measured in the same rounds.
import { Occlusion, type ProgressEvent, type Tensor } from "../src/index.ts";

export interface CostModel {
  name: string;
  /** Milliseconds a call of `copies` perturbations takes. */
  callMs(copies: number): number;
}

// 1 ms per call and 0.5 per perturbation: the proportion of the benchmark ResNet in
// onnxruntime-node (bench:e2e: 94 ms per image at batch 1, 47 at batch 4), 60 times
// faster; calls of a few ms, so that a loaded machine's scheduling does not decide alone.
export const COST_MODELS: CostModel[] = [
  { name: "1 ms/call + 0.5 ms/perturbation", callMs: (copies) => 1 + 0.5 * copies },
  { name: "same + 0.5 ms/perturbation above 16", callMs: (copies) => 1 + 0.5 * copies + (copies > 16 ? 0.5 * copies : 0) },
];

const FIXED = [1, 4, 16, 64];
// 784 windows, as bench:e2e's full run; a small input, so that the batch buffers' fill and
// write check (laid out for 64 copies under "auto") stay small beside the model's time.
const input: Tensor = { data: new Float32Array(56 * 56).fill(0.5), shape: [1, 1, 56, 56] };
const OPTIONS = { slidingWindowShapes: [1, 2, 2], strides: [1, 2, 2], target: 0 };

function forwardOf(model: CostModel) {
  return (x: Tensor) => {
    const copies = x.shape[0];
    const end = performance.now() + model.callMs(copies);
    while (performance.now() < end);
    const out = new Float32Array(copies * 2);
    for (let copy = 0; copy < copies; copy++) out[copy * 2] = x.data[copy * (x.data.length / copies)];
    return { data: out, shape: [copies, 2] };
  };
}

export interface AutoBench {
  model: string;
  fixedMs: Map<number, number>;
  autoMs: number;
  chosen: number | undefined;
  bestFixed: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

export function timeAuto(model: CostModel, rounds: number): AutoBench {
  const forward = forwardOf(model);
  const occlusion = new Occlusion(forward);
  const fixed = new Map<number, number[]>(FIXED.map((size) => [size, []]));
  const auto: number[] = [];
  let chosen: number | undefined;
  const time = (run: () => void) => {
    const started = performance.now();
    run();
    return performance.now() - started;
  };
  for (let round = 0; round < rounds; round++) {
    for (const size of FIXED) fixed.get(size)!.push(time(() => occlusion.attributeSync(input, { ...OPTIONS, perturbationsPerEval: size })));
    auto.push(time(() => occlusion.attributeSync(input, {
      ...OPTIONS, perturbationsPerEval: "auto", showProgress: (event: ProgressEvent) => (chosen = event.perturbationsPerEval ?? chosen),
    })));
  }
  const fixedMs = new Map([...fixed].map(([size, times]) => [size, median(times)]));
  const bestFixed = [...fixedMs].reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  return { model: model.name, fixedMs, autoMs: median(auto), chosen, bestFixed };
}
