// expect-error: TS2367
// Unannotated parameters are Tensors: comparing one with a string is caught (annotate
// additional arguments that are not tensors).
import { Occlusion } from "occlusion-wasm";

export const occlusion = new Occlusion((x, mode) => (mode === "fast" ? x.data[0] : 0));
