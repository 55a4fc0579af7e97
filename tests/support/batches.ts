// Batches built from scratch, for checking the library's in-place updates. The windows of
// all inputs form one index space (input 0 first); the W windows are dealt to the P copies
// of a batch as runs of consecutive windows (README "How windows are batched"): with
// K = ceil(W / P) calls, the first W - (K - 1) P copies take K windows each, the others
// K - 1, and call k holds window k of each copy's run. Copy c is a full copy of every input
// with its window set to the baseline through a dense 0/1 mask from the reference
// (tests/support/reference.ts).
import { windowMasks, type ReferenceCall } from "./reference.ts";

/** Every window mask of every input, in Captum's order. */
export function masksOf(call: ReferenceCall): Uint8Array[][] {
  return call.inputs.map((input, index) => [...windowMasks(input.shape.slice(1), call.windows[index], call.strides[index])]);
}

/** The window copy `copy` of call `batch` occludes, written out as runs rather than the library's formula. */
export function runWindow(total: number, ppe: number, batch: number, copy: number): number {
  const copiesPerCall = Math.min(ppe, total);
  const calls = Math.ceil(total / ppe);
  const runs: number[] = [];
  let next = 0;
  for (let c = 0; c < copiesPerCall; c++) {
    runs.push(next);
    next += c < total - (calls - 1) * copiesPerCall ? calls : calls - 1;
  }
  if (next !== total) throw new Error(`runs cover ${next} of ${total} windows`);
  return runs[copy] + batch;
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
      let window = runWindow(total, ppe, batch, copy);
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
