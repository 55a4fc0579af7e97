// expect-error: TS2322
// A window is a list of sizes, not a string.
import { Occlusion, tensor } from "occlusion-wasm";

export const run = new Occlusion((x) => x.data[0]).attribute(tensor([[1, 2]]), { slidingWindowShapes: "1x2" });
