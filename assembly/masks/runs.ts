// Turns one numbered mask into FeatureAblation's runs: consecutive elements of one row
// (the last dimension) with one feature, grouped by feature, as updateGroups and
// spreadGroups read them. The mask is read through element strides (0 where it
// broadcasts), so a [1, 1, H, W] mask serves a [1, 3, H, W] input without expanding it.
import { featureOfId } from "./features";

/** Where maskRuns writes its `count` runs: after their (feature, start, length) scratch at scratchPtr. */
export function runsAt(scratchPtr: usize, count: i32): usize {
  return (scratchPtr + <usize>count * 12 + 15) & ~(<usize>15);
}

/**
 * Runs of one mask over shape[0 .. rank) (shape[0]: 1 for a mask shared by all examples,
 * else the batch size), reading ids (u64 at idsPtr) at strides[0 .. rank) elements per
 * step; coordsPtr holds rank i32 of scratch. Writes (start, length) i32 pairs at
 * runsAt(scratchPtr, count) grouped by feature (scratchPtr: 20 bytes per run, + 16),
 * feature f's being runs offsets[f] .. offsets[f + 1] (featureCount + 1 i32 at
 * offsetsPtr), and returns the run count. A run never crosses a row.
 */
export function maskRuns(
  idsPtr: usize, shapePtr: usize, stridesPtr: usize, rank: i32, coordsPtr: usize, tablePtr: usize, capacityBits: i32,
  featureCount: i32, scratchPtr: usize, offsetsPtr: usize,
): i32 {
  const rowLength = load<i32>(shapePtr + (<usize>(rank - 1) << 2));
  const rowStride = load<i32>(stridesPtr + (<usize>(rank - 1) << 2));
  let rows = rowLength == 0 ? 0 : 1;
  for (let dim = 0; dim < rank - 1; dim++) {
    rows *= load<i32>(shapePtr + (<usize>dim << 2));
    store<i32>(coordsPtr + (<usize>dim << 2), 0);
  }
  let count = 0;
  let maskAt = 0;
  for (let row = 0; row < rows; row++) {
    const base = row * rowLength;
    let id = load<u64>(idsPtr + (<usize>maskAt << 3));
    let start = 0;
    // A run ends where the id changes, or at the row's end (x == rowLength); a broadcast
    // row (stride 0) is one run.
    for (let x = rowStride == 0 ? rowLength : 1; x <= rowLength; x++) {
      if (ASC_FEATURE_SIMD && rowStride == 1) {
        // A contiguous row: skip two equal ids at a time.
        const same = i64x2.splat(id);
        while (x + 2 <= rowLength && i64x2.all_true(i64x2.eq(v128.load(idsPtr + (<usize>(maskAt + x) << 3)), same))) x += 2;
      }
      const next = x < rowLength ? load<u64>(idsPtr + (<usize>(maskAt + x * rowStride) << 3)) : ~id;
      if (next == id) continue;
      const at = scratchPtr + <usize>count * 12;
      count++;
      store<i32>(at, featureOfId(tablePtr, capacityBits, id));
      store<i32>(at, base + start, 4);
      store<i32>(at, x - start, 8);
      id = next;
      start = x;
    }
    // Next row: an odometer over the leading dimensions.
    for (let dim = rank - 2; dim >= 0; dim--) {
      const stride = load<i32>(stridesPtr + (<usize>dim << 2));
      const coordPtr = coordsPtr + (<usize>dim << 2);
      maskAt += stride;
      const coord = load<i32>(coordPtr) + 1;
      if (coord < load<i32>(shapePtr + (<usize>dim << 2))) {
        store<i32>(coordPtr, coord);
        break;
      }
      maskAt -= stride * coord;
      store<i32>(coordPtr, 0);
    }
  }
  groupRuns(scratchPtr, count, featureCount, runsAt(scratchPtr, count), offsetsPtr);
  return count;
}

// A stable counting sort of the runs by feature: offsets count, then cursor, then shift.
function groupRuns(scratchPtr: usize, count: i32, featureCount: i32, runsPtr: usize, offsetsPtr: usize): void {
  memory.fill(offsetsPtr, 0, <usize>(featureCount + 1) << 2);
  for (let run = 0; run < count; run++) {
    const countPtr = offsetsPtr + (<usize>(load<i32>(scratchPtr + <usize>run * 12) + 1) << 2);
    store<i32>(countPtr, load<i32>(countPtr) + 1);
  }
  for (let feature = 0; feature < featureCount; feature++) {
    const nextPtr = offsetsPtr + (<usize>(feature + 1) << 2);
    store<i32>(nextPtr, load<i32>(nextPtr) + load<i32>(nextPtr - 4));
  }
  // offsets[f] is f's first run; used as f's cursor it ends at f + 1's first.
  for (let run = 0; run < count; run++) {
    const from = scratchPtr + <usize>run * 12;
    const cursorPtr = offsetsPtr + (<usize>load<i32>(from) << 2);
    const at = load<i32>(cursorPtr);
    store<i32>(cursorPtr, at + 1);
    store<i64>(runsPtr + (<usize>at << 3), load<i64>(from, 4));
  }
  for (let feature = featureCount; feature > 0; feature--) {
    store<i32>(offsetsPtr + (<usize>feature << 2), load<i32>(offsetsPtr + (<usize>(feature - 1) << 2)));
  }
  store<i32>(offsetsPtr, 0);
}
