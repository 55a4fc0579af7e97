// FeatureAblation's masks become runs in the kernel (assembly/masks/): each mask's data
// is copied into a pooled instance's memory once, read as 64-bit ids and checked there,
// numbered in Captum's feature order (a hash table; each mask's new ids are sorted by a
// native typed-array sort on the kernel's memory, which costs the kernel no code),
// and cut into runs grouped by feature. JS keeps shapes, strides and messages; what
// comes back is the runs and offsets, O(runs), which every run's plan region holds.
// Regions, from the heap base:
//   ids of mask 0 | ids of mask 1 | ... | id table | shape, strides, coords |
//   work: first a mask's new ids, then offsets + run scratch + runs
import { describe, fail } from "../errors.ts";
import { checkWasmBytes, formatBytes } from "../engine/limits.ts";
import { acquireKernel, releaseKernel, type KernelExports } from "../wasm/kernel.ts";
import { WASM_PAGE_BYTES, alignUp } from "../wasm/layout.ts";
import { product, type NumericArray } from "../tensor.ts";

/** Encodings of mask data (assembly/masks/ids.ts). */
const MASK_INT64 = 0;
const MASK_F64 = 1;

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

/** Slots for `ids` distinct ids: at most half full, so probes stay short. */
const tableBits = (ids: number) => Math.max(4, Math.ceil(Math.log2(2 * ids + 1)));

/**
 * Regions from `base`, the table sized for `distinct` ids (at most every element); the
 * work region holds the numbering's list, later the offsets and the runs' scratch.
 */
function layout(masks: MaskSource[], base: number, distinct: number) {
  let at = alignUp(base);
  const idsPtr = masks.map((mask) => {
    const ptr = at;
    at = alignUp(at + mask.data.length * 8);
    return ptr;
  });
  const elements = masks.reduce((sum, mask) => sum + mask.data.length, 0);
  const capacityBits = tableBits(Math.min(distinct, elements));
  const tablePtr = at;
  const rank = Math.max(...masks.map((mask) => mask.shape.length));
  const geometryPtr = alignUp(tablePtr + 12 * 2 ** capacityBits);
  const workPtr = alignUp(geometryPtr + 3 * rank * 4);
  const numbering = Math.max(...masks.map((mask) => mask.data.length)) * 8;
  const runs = (elements + 1) * 4 + 16 + Math.max(...masks.map(runCapacity)) * 20 + 16;
  return { idsPtr, capacityBits, tablePtr, geometryPtr, rank, workPtr, end: workPtr + Math.max(numbering, runs) };
}

/** The masks' features and runs; INVALID_FEATURE_MASK names the first element that is not an id. */
export function convertMasks(masks: MaskSource[], maxMemoryBytes: number): ConvertedMasks {
  checkWasmBytes(layout(masks, 0, Infinity).end, maxMemoryBytes, "to read the featureMask");
  const kernel = acquireKernel();
  const base = kernel.heapBase();
  const bound = layout(masks, base, Infinity);
  // Only what was written is cleared when the instance goes back to the pool.
  let written = base;
  try {
    const missing = bound.end - kernel.memory.buffer.byteLength;
    try {
      if (missing > 0) kernel.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    } catch (error) {
      fail("MEMORY_LIMIT", `the engine refused to grow wasm memory to ${formatBytes(bound.end)} to read the featureMask`, error);
    }
    written = bound.idsPtr[masks.length - 1] + masks[masks.length - 1].data.length * 8;
    masks.forEach((mask, index) => readIds(kernel, mask, bound.idsPtr[index]));
    const distinct = masks.reduce((sum, mask, index) => sum + kernel.distinctBound(bound.idsPtr[index], mask.data.length), 0);
    const regions = layout(masks, base, distinct);
    const { tablePtr, capacityBits, geometryPtr, rank, workPtr } = regions;
    written = workPtr;
    kernel.clearTable(tablePtr, capacityBits);
    let count = 0;
    masks.forEach((mask, index) => {
      const fresh = kernel.collectNewIds(regions.idsPtr[index], mask.data.length, tablePtr, capacityBits, workPtr);
      // Captum's order: this mask's new ids ascending (a native sort, in the kernel's memory).
      new BigUint64Array(kernel.memory.buffer, workPtr, fresh).sort();
      count = kernel.numberNewIds(workPtr, fresh, tablePtr, capacityBits, count);
      written = Math.max(written, workPtr + fresh * 8);
    });
    if (count > MAX_FEATURES) fail("INVALID_FEATURE_MASK", `featureMask has ${count} features; at most 2^31 - 1 are supported`);
    const offsetsPtr = workPtr;
    const scratchPtr = alignUp(offsetsPtr + (count + 1) * 4);
    const grouped = masks.map((mask, index) => {
      const ints = new Int32Array(kernel.memory.buffer);
      ints.set(mask.shape, geometryPtr / 4);
      ints.set(mask.strides, geometryPtr / 4 + rank);
      const runCount = kernel.maskRuns(
        regions.idsPtr[index], geometryPtr, geometryPtr + rank * 4, mask.shape.length, geometryPtr + rank * 8,
        tablePtr, capacityBits, count, scratchPtr, offsetsPtr,
      );
      const runsPtr = kernel.runsAt(scratchPtr, runCount);
      written = Math.max(written, runsPtr + runCount * 8);
      return {
        runs: ints.slice(runsPtr / 4, runsPtr / 4 + 2 * runCount),
        offsets: ints.slice(offsetsPtr / 4, offsetsPtr / 4 + count + 1),
      };
    });
    return { count, grouped };
  } finally {
    releaseKernel(kernel, true, alignUp(written));
  }
}

/** Copies one mask's data in as 64-bit words (int64 as it is, anything else as f64) and has it checked. */
function readIds(kernel: KernelExports, mask: MaskSource, idsPtr: number): void {
  const { data } = mask;
  const wide = data instanceof BigInt64Array || data instanceof BigUint64Array;
  if (wide) new Uint8Array(kernel.memory.buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), idsPtr);
  else new Float64Array(kernel.memory.buffer, idsPtr, data.length).set(data);
  const bad = kernel.readMaskIds(idsPtr, data.length, wide ? MASK_INT64 : MASK_F64);
  if (bad >= 0) {
    fail("INVALID_FEATURE_MASK", `${mask.name} must hold non-negative integer ids (below 2^53); element ${bad} is ${describe((data as ArrayLike<unknown>)[bad])}`);
  }
}
