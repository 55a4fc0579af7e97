// expect-error: TS2353 TS2561 TS2345
// An unknown (misspelt) option is caught.
import { Occlusion, tensor } from "occlusion-wasm";

export const run = new Occlusion((x) => x.data[0]).attribute(tensor([[1, 2]]), { slidingWindowShapes: [1], perturbationPerEval: 4 });
