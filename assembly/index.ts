// Kernel entry: numbers-only exports over raw linear memory. The wrapper (src/wasm/)
// owns the layout; the kernel trusts the pointers and sizes it is given.
export { replicate, updateWindows } from "./batch/ablate";
export { dealWindows } from "./batch/deal";
export { updateGroups } from "./batch/groups";
export { expandBroadcast } from "./batch/broadcast";
export { countNonFinite } from "./shared/finite";
export { clearSameCopies } from "./shared/compare";
export { takeMismatch } from "./shared/replace";
export { spreadDifferences } from "./spread/accumulate";
export { spreadGroups } from "./spread/groups";
export { readMaskIds } from "./masks/ids";
export { clearTable, collectNewIds, distinctBound, numberNewIds } from "./masks/features";
export { maskRuns, runsAt } from "./masks/runs";
export { defaultRuns } from "./masks/default";
export { BOX_RECORD_FIELDS, GEOMETRY_FIELDS, WINDOW_SCRATCH_FIELDS } from "./shared/layout";

/** Once per instance, by the wrapper: first byte free for its own regions. */
export function heapBase(): usize {
  return __heap_base;
}

/** Once per loaded module, by the wrapper: 1 for the SIMD build, 0 for the scalar one. */
export function usesSimd(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
