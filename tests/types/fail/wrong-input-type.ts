// expect-error: TS2769
// A forward's first parameter is an input tensor: annotating it as a string is caught.
import { Occlusion } from "occlusion-wasm";

export const occlusion = new Occlusion((x: string) => x.length);
