// expect-error: TS2769
// A forward must return scores (a number, a tensor-like, numbers), not a string.
import { Occlusion } from "occlusion-wasm";

export const occlusion = new Occlusion(async (x) => `score ${x.data[0]}`);
