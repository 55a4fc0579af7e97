// expect-error: TS2322
// perturbationsPerEval is a number or "auto", nothing else.
import { Occlusion, tensor } from "occlusion-wasm";

export const run = new Occlusion((x) => x.data[0]).attribute(tensor([[1, 2]]), { slidingWindowShapes: [1, 1], perturbationsPerEval: "fast" });
