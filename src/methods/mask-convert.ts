// FeatureAblation's masks become runs in the kernel (assembly/masks/): each mask's data
// is copied into a pooled instance's memory once, read as 64-bit ids and checked there,
// numbered in Captum's feature order (a hash table and a radix sort of the distinct ids),
// and cut into runs grouped by feature. JS keeps shapes, strides and messages; what
// comes back is the runs and offsets, O(runs), which every run's plan region holds.
// Regions, from the heap base:
//   ids of mask 0 | ids of mask 1 | ... | id table | shape, strides, coords |
//   (distinct ids + sort scratch) or (run scratch + runs + offsets), one after the other
import { describe, fail } from "../errors.ts";
import { checkWasmBytes } from "../engine/limits.ts";
import { acquireKernel, releaseKernel, type KernelExports } from "../wasm/kernel.ts";
import { WASM_PAGE_BYTES, alignUp } from "../wasm/layout.ts";
import { product, type NumericArray } from "../tensor.ts";

/** Encodings of mask data (assembly/masks/ids.ts). */
const MASK_I32 = 0;
const MASK_I64 = 1;
const MASK_U64 = 2;
const MASK_F64 = 3;

/** One mask, read and shape-checked. */
export interface MaskSource {
  name: string;
  data: NumericArray;
  /** The runs' index space: [maskExamples, ...input sizes]. */
  shape: number[];
  /** Mask element strides over `shape` (0 where the mask broadcasts). */
  strides: number[];
}

export interface ConvertedMasks {
  count: number;
  /** Per mask: runs (start, length pairs grouped by feature) and count + 1 offsets. */
  grouped: Array<{ runs: Int32Array; offsets: Int32Array }>;
}

const MAX_FEATURES = 2 ** 31 - 1;

/** Most runs a mask can give: one per element, or one per row when its last dimension broadcasts. */
function runCapacity(mask: MaskSource): number {
  const rank = mask.shape.length;
  return mask.strides[rank - 1] === 0 ? product(mask.shape) / mask.shape[rank - 1] : product(mask.shape);
}

function layout(masks: MaskSource[], base: number) {
  let at = alignUp(base);
  const idsPtr = masks.map((mask) => {
    const ptr = at;
    at = alignUp(at + mask.data.length * 8);
    return ptr;
  });
  const elements = masks.reduce((sum, mask) => sum + mask.data.length, 0);
  // More slots than ids (at most half full), so probes stay short.
  const capacityBits = Math.max(4, Math.ceil(Math.log2(2 * elements + 1)));
  const tablePtr = at;
  at = alignUp(at + 12 * 2 ** capacityBits);
  const rank = Math.max(...masks.map((mask) => mask.shape.length));
  const geometryPtr = at;
  at = alignUp(at + 3 * rank * 4);
  const largest = Math.max(...masks.map((mask) => mask.data.length));
  const listPtr = at;
  const sortPtr = alignUp(listPtr + largest * 8);
  const numberingEnd = alignUp(sortPtr + largest * 8 + 256 * 4);
  const runs = Math.max(...masks.map(runCapacity));
  const scratchPtr = at;
  const runsPtr = alignUp(scratchPtr + runs * 12);
  const offsetsPtr = alignUp(runsPtr + runs * 8);
  const end = Math.max(numberingEnd, alignUp(offsetsPtr + (elements + 1) * 4));
  return { idsPtr, capacityBits, tablePtr, geometryPtr, rank, listPtr, sortPtr, scratchPtr, runsPtr, offsetsPtr, end };
}

/** The masks' features and runs; INVALID_FEATURE_MASK names the first element that is not an id. */
export function convertMasks(masks: MaskSource[], maxMemoryBytes: number): ConvertedMasks {
  checkWasmBytes(layout(masks, 0).end, maxMemoryBytes, "to read the featureMask");
  const kernel = acquireKernel();
  try {
    const regions = layout(masks, kernel.heapBase());
    const missing = regions.end - kernel.memory.buffer.byteLength;
    if (missing > 0) kernel.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    masks.forEach((mask, index) => readIds(kernel, mask, regions.idsPtr[index]));
    kernel.clearTable(regions.tablePtr, regions.capacityBits);
    let count = 0;
    masks.forEach((mask, index) => {
      count = kernel.numberMaskIds(regions.idsPtr[index], mask.data.length, regions.tablePtr, regions.capacityBits, count, regions.listPtr, regions.sortPtr);
    });
    if (count > MAX_FEATURES) fail("INVALID_FEATURE_MASK", `featureMask has ${count} features; at most 2^31 - 1 are supported`);
    const grouped = masks.map((mask, index) => {
      const ints = new Int32Array(kernel.memory.buffer);
      const { geometryPtr, rank } = regions;
      ints.set(mask.shape, geometryPtr / 4);
      ints.set(mask.strides, geometryPtr / 4 + rank);
      const runCount = kernel.maskRuns(
        regions.idsPtr[index], geometryPtr, geometryPtr + rank * 4, mask.shape.length, geometryPtr + rank * 8,
        regions.tablePtr, regions.capacityBits, count, regions.scratchPtr, regions.runsPtr, regions.offsetsPtr,
      );
      return {
        runs: ints.slice(regions.runsPtr / 4, regions.runsPtr / 4 + 2 * runCount),
        offsets: ints.slice(regions.offsetsPtr / 4, regions.offsetsPtr / 4 + count + 1),
      };
    });
    return { count, grouped };
  } finally {
    releaseKernel(kernel);
  }
}

/** Copies one mask's data in, in the encoding the kernel reads best, and has it checked. */
function readIds(kernel: KernelExports, mask: MaskSource, idsPtr: number): void {
  const { data } = mask;
  const length = data.length;
  let kind = MASK_F64;
  if (data instanceof Int32Array || data instanceof Int16Array || data instanceof Int8Array || data instanceof Uint16Array ||
    data instanceof Uint8Array || data instanceof Uint8ClampedArray) {
    kind = MASK_I32;
    new Int32Array(kernel.memory.buffer, idsPtr + length * 4, length).set(data);
  } else if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    kind = data instanceof BigInt64Array ? MASK_I64 : MASK_U64;
    new Uint8Array(kernel.memory.buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), idsPtr);
  } else {
    new Float64Array(kernel.memory.buffer, idsPtr, length).set(data as ArrayLike<number>);
  }
  const bad = kernel.readMaskIds(idsPtr, length, kind);
  if (bad >= 0) {
    fail("INVALID_FEATURE_MASK", `${mask.name} must hold non-negative integer ids (below 2^53); element ${bad} is ${describe((data as ArrayLike<unknown>)[bad])}`);
  }
}
