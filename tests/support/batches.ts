// Batches built from scratch, for checking the library's in-place updates: forward call
// `batch` holds windows batch * ppe .. of the one window index space (input 0 first),
// copy c as a full copy of every input with window batch * ppe + c set to the baseline
// through a dense 0/1 mask from the reference (tests/support/reference.ts).
import { windowMasks, type ReferenceCall } from "./reference.ts";

/** Every window mask of every input, in Captum's order. */
export function masksOf(call: ReferenceCall): Uint8Array[][] {
  return call.inputs.map((input, index) => [...windowMasks(input.shape.slice(1), call.windows[index], call.strides[index])]);
}

/** The inputs of forward call `batch` (0-based, after the unperturbed call), one array per input. */
export function rebuiltBatch(call: ReferenceCall, masks: Uint8Array[][], ppe: number, batch: number): Float32Array[] {
  const total = masks.reduce((sum, list) => sum + list.length, 0);
  const copies = Math.min(ppe, total - batch * ppe);
  return call.inputs.map((input, index) => {
    const length = input.data.length;
    const exampleLength = length / input.shape[0];
    const out = new Float32Array(copies * length);
    for (let copy = 0; copy < copies; copy++) {
      let window = batch * ppe + copy;
      let owner = 0;
      while (window >= masks[owner].length) window -= masks[owner++].length;
      for (let element = 0; element < length; element++) {
        const inside = owner === index && masks[owner][window][element % exampleLength] === 1;
        out[copy * length + element] = inside ? call.baselines[index][element] : input.data[element];
      }
    }
    return out;
  });
}
