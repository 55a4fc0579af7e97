// expect-error: TS2339 TS2551
// A forward's input is a Tensor: a misspelt property is caught.
import { Occlusion } from "occlusion-wasm";

export const occlusion = new Occlusion((x) => x.dataa.lenght);
