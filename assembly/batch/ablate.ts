// Builds perturbed batches for Occlusion (Zeiler & Fergus, arXiv 1311.2901; Captum's
// captum.attr.Occlusion): window k of an input is the box [k_d * stride_d,
// min(k_d * stride_d + window_d, size_d)) in every non-batch dimension d, with k
// decoded from the window index in mixed radix over the shift counts, dimension 0
// fastest (Captum's order). Batch copies are updated in place: a copy that held window
// p and needs window n gets p \ n restored from the input and n \ p set to the
// baseline; p ∩ n already holds the baseline. The last dimension is contiguous, so a
// box is a set of row segments, each replaced with replace.ts's checked v128 loop (the
// strip restored must hold the baseline, the strip perturbed the input).
import { BOX_RECORD_FIELDS, FIELD_SIZE, geometryField } from "../shared/layout";
import { baselineMask, baselineOf, noteMismatch, replaceRows, setSplat } from "../shared/replace";
import { copyInts, decodeBox, findBox, stepBox } from "./boxes";

// The current updateWindows call's input and baseline (a tensor, or the splat with mask 0).
let moveSource: usize = 0;
let moveBaseline: usize = 0;
let moveMask: usize = 0;

// i32 arrays of `rank` entries in the scratch block, in this order.
const PREVIOUS_START = 0;
const PREVIOUS_END = 1;
const NEXT_START = 2;
const NEXT_END = 3;
const COORD = 4;
const ELEMENT_STRIDE = 5;
const SLAB_START = 6;
const SLAB_END = 7;

// @ts-ignore: decorator
@inline
function slot(scratchPtr: usize, rank: i32, array: i32, dim: i32): usize {
  return scratchPtr + (<usize>(array * rank + dim) << 2);
}

/**
 * Replaces elements [start, end) of `rowCount` rows, `rowStride` elements apart from
 * element `firstRow`, in every example: from the input when `restore` (they must hold
 * the baseline), else from the baseline (they must hold the input).
 */
// @ts-ignore: decorator
@inline
function writeRows(
  restore: bool, dstPtr: usize, firstRow: i32, rowCount: i32, rowStride: i32,
  start: i32, end: i32, exampleCount: i32, exampleByteLength: usize,
): void {
  const length = end - start;
  const rowBytes = <usize>rowStride << 2;
  const at = <usize>(firstRow + start) << 2;
  const fromPtr = restore ? moveSource : moveBaseline;
  const fromMask = restore ? <usize>-1 : moveMask;
  const expectPtr = restore ? moveBaseline : moveSource;
  const expectMask = restore ? moveMask : <usize>-1;
  for (let example = 0; example < exampleCount; example++) {
    replaceRows(fromPtr, fromMask, expectPtr, expectMask, dstPtr, <usize>example * exampleByteLength + at, rowCount, rowBytes, length);
  }
}

// Readers of the slab's scratch arrays for dimension `dim`; a dimension the example
// lacks (dim < 0) starts at 0, spans 1 and has stride 0.
// @ts-ignore: decorator
@inline
function slabStart(starts: usize, dim: i32): i32 {
  return dim >= 0 ? load<i32>(starts + (<usize>dim << 2)) : 0;
}

// @ts-ignore: decorator
@inline
function slabCount(starts: usize, ends: usize, dim: i32): i32 {
  return dim >= 0 ? load<i32>(ends + (<usize>dim << 2)) - load<i32>(starts + (<usize>dim << 2)) : 1;
}

// @ts-ignore: decorator
@inline
function elementStride(strides: usize, dim: i32): i32 {
  return dim >= 0 ? load<i32>(strides + (<usize>dim << 2)) : 0;
}

/**
 * Writes the (non-empty) SLAB box: for every position of dimensions 0..rank-4 (an
 * odometer), the planes of dimension rank-3, in each plane the slab's rows of dimension
 * rank-2, each row its segment of the last dimension. Planes and rows are plain loops:
 * images ([C, H, W]) and text ([L, D]) never reach the odometer.
 */
function writeSlab(
  restore: bool, dstPtr: usize, scratchPtr: usize, rank: i32, exampleCount: i32, exampleByteLength: usize,
): void {
  // The scratch arrays, addressed once: slab start and end, element strides, odometer.
  const starts = slot(scratchPtr, rank, SLAB_START, 0);
  const ends = slot(scratchPtr, rank, SLAB_END, 0);
  const strides = slot(scratchPtr, rank, ELEMENT_STRIDE, 0);
  const coords = slot(scratchPtr, rank, COORD, 0);
  const segmentStart = slabStart(starts, rank - 1);
  const segmentEnd = segmentStart + slabCount(starts, ends, rank - 1);
  // Rows are dimension rank-2, planes rank-3; a missing one (rank 1 or 2) is a single row or plane.
  let rowStride = elementStride(strides, rank - 2);
  let rowCount = slabCount(starts, ends, rank - 2);
  const planeStride = elementStride(strides, rank - 3);
  let planeCount = slabCount(starts, ends, rank - 3);
  const first = slabStart(starts, rank - 2) * rowStride + slabStart(starts, rank - 3) * planeStride;
  if (rowCount == 1) {
    // One row per plane (a window stepping along rows): the planes are the rows.
    rowCount = planeCount;
    rowStride = planeStride;
    planeCount = 1;
  }
  const outer = rank - 3;
  for (let dim = 0; dim < outer; dim++) store<i32>(coords + (<usize>dim << 2), load<i32>(starts + (<usize>dim << 2)));
  while (true) {
    let base = first;
    for (let dim = 0; dim < outer; dim++) base += load<i32>(coords + (<usize>dim << 2)) * load<i32>(strides + (<usize>dim << 2));
    for (let plane = 0; plane < planeCount; plane++, base += planeStride) {
      writeRows(restore, dstPtr, base, rowCount, rowStride, segmentStart, segmentEnd, exampleCount, exampleByteLength);
    }
    let dim = outer - 1;
    for (; dim >= 0; dim--) {
      const at = coords + (<usize>dim << 2);
      const x = load<i32>(at) + 1;
      if (x < load<i32>(ends + (<usize>dim << 2))) {
        store<i32>(at, x);
        break;
      }
      store<i32>(at, load<i32>(starts + (<usize>dim << 2)));
    }
    if (dim < 0) return;
  }
}

/**
 * Writes box A minus box B (A, B = PREVIOUS or NEXT arrays of the scratch block) as
 * disjoint slabs: for each dimension d, the part of A outside B along d and inside B
 * along every dimension before d. A window that moves along one dimension leaves one
 * slab to restore and one to write; boxes that do not meet leave A whole. Not
 * inlined: the row loops inside it are, and inlining this one too doubled the kernel's
 * size for no measurable speed.
 */
function writeBoxMinus(
  restore: bool, dstPtr: usize, scratchPtr: usize, rank: i32,
  boxA: i32, boxB: i32, exampleCount: i32, exampleByteLength: usize,
): void {
  let meets = true;
  for (let dim = 0; dim < rank; dim++) {
    const start = load<i32>(slot(scratchPtr, rank, boxA, dim));
    const end = load<i32>(slot(scratchPtr, rank, boxA + 1, dim));
    if (start >= end) return; // A is empty
    store<i32>(slot(scratchPtr, rank, SLAB_START, dim), start);
    store<i32>(slot(scratchPtr, rank, SLAB_END, dim), end);
    meets = meets && max(start, load<i32>(slot(scratchPtr, rank, boxB, dim))) < min(end, load<i32>(slot(scratchPtr, rank, boxB + 1, dim)));
  }
  if (!meets) {
    writeSlab(restore, dstPtr, scratchPtr, rank, exampleCount, exampleByteLength);
    return;
  }
  for (let dim = 0; dim < rank; dim++) {
    const startAt = slot(scratchPtr, rank, SLAB_START, dim);
    const endAt = slot(scratchPtr, rank, SLAB_END, dim);
    const start = load<i32>(startAt);
    const end = load<i32>(endAt);
    const low = max(start, load<i32>(slot(scratchPtr, rank, boxB, dim)));
    const high = min(end, load<i32>(slot(scratchPtr, rank, boxB + 1, dim)));
    if (start < low) {
      store<i32>(endAt, low);
      writeSlab(restore, dstPtr, scratchPtr, rank, exampleCount, exampleByteLength);
    }
    if (high < end) {
      store<i32>(startAt, high);
      store<i32>(endAt, end);
      writeSlab(restore, dstPtr, scratchPtr, rank, exampleCount, exampleByteLength);
    }
    // Later dimensions' slabs lie inside B along this one.
    store<i32>(startAt, low);
    store<i32>(endAt, high);
  }
}

/** Copies held minus needed back from the input, then sets needed minus held to the baseline. */
function moveBoxes(copyPtr: usize, scratchPtr: usize, rank: i32, exampleCount: i32, exampleByteLength: usize): void {
  writeBoxMinus(true, copyPtr, scratchPtr, rank, PREVIOUS_START, NEXT_START, exampleCount, exampleByteLength);
  writeBoxMinus(false, copyPtr, scratchPtr, rank, NEXT_START, PREVIOUS_START, exampleCount, exampleByteLength);
}

/**
 * A move along one dimension `dim` (the usual one: a copy steps to the next window):
 * held and needed differ only along `dim`, so the part to restore and the part to write
 * are one slab each, with held's extent everywhere else (the SLAB arrays hold held's
 * box on entry; the two boxes are start then end per dimension). Saves writeBoxMinus'
 * box arithmetic.
 */
function moveAlong(
  copyPtr: usize, scratchPtr: usize, rank: i32, dim: i32,
  heldBoxPtr: usize, neededBoxPtr: usize, exampleCount: i32, exampleByteLength: usize,
): void {
  const at = <usize>dim << 2;
  const endAt = <usize>(rank + dim) << 2;
  const heldStart = load<i32>(heldBoxPtr + at);
  const heldEnd = load<i32>(heldBoxPtr + endAt);
  const neededStart = load<i32>(neededBoxPtr + at);
  const neededEnd = load<i32>(neededBoxPtr + endAt);
  const slabStartAt = slot(scratchPtr, rank, SLAB_START, dim);
  const slabEndAt = slot(scratchPtr, rank, SLAB_END, dim);
  const restoreEnd = min(neededStart, heldEnd);
  if (heldStart < restoreEnd) {
    store<i32>(slabEndAt, restoreEnd);
    writeSlab(true, copyPtr, scratchPtr, rank, exampleCount, exampleByteLength);
  }
  const writeStart = max(heldEnd, neededStart);
  if (writeStart < neededEnd) {
    store<i32>(slabStartAt, writeStart);
    store<i32>(slabEndAt, neededEnd);
    writeSlab(false, copyPtr, scratchPtr, rank, exampleCount, exampleByteLength);
  }
}

/** Element strides of one example (row-major) into the scratch block; returns the example's length. */
function writeElementStrides(geometryPtr: usize, rank: i32, scratchPtr: usize): i32 {
  let stride = 1;
  for (let dim = rank - 1; dim >= 0; dim--) {
    store<i32>(slot(scratchPtr, rank, ELEMENT_STRIDE, dim), stride);
    stride *= geometryField(geometryPtr, dim, FIELD_SIZE);
  }
  return stride;
}

/** A 1-d input has no non-batch dimension: its only window (0) is each example's single value. */
function updateScalarWindow(copyPtr: usize, exampleCount: i32, next: i32): void {
  // The copy held the baseline (next -1: restore the input) or the input (next 0: perturb).
  for (let example = 0; example < exampleCount; example++) {
    const at = <usize>example << 2;
    const input = load<i32>(moveSource + at);
    const baseline = load<i32>(moveBaseline + (at & moveMask));
    noteMismatch(load<i32>(copyPtr + at) ^ (next < 0 ? baseline : input));
    store<i32>(copyPtr + at, next < 0 ? input : baseline);
  }
}

/**
 * Per forward call and input, by the wrapper: brings `copyCount` batch copies (each
 * exampleCount examples, copyByteLength apart from batchPtr) from the window they hold
 * to the window they need. jobPtr holds one i32 pair (held, needed) per copy, -1 for
 * none. Restores come from sourcePtr; the baseline is baselinePtr's values (same layout
 * as the source), or `value` when baselinePtr is 0. scratchPtr: WINDOW_SCRATCH_FIELDS * rank i32.
 * boxesPtr (0 for none): one record per copy of BOX_RECORD_FIELDS * rank + 1 i32, the
 * window the copy holds and its box, kept across calls so that a held box is not decoded
 * again; a record whose window is not the held one is ignored (write -1 to reset).
 * Every word overwritten is first compared with what it must hold (shared/replace.ts):
 * a difference, a write by someone else, sets the flag takeMismatch reports.
 */
export function updateWindows(
  sourcePtr: usize, baselinePtr: usize, value: f32, batchPtr: usize, copyByteLength: usize,
  exampleCount: i32, geometryPtr: usize, rank: i32, jobPtr: usize, copyCount: i32, scratchPtr: usize, boxesPtr: usize,
): void {
  const exampleByteLength = <usize>writeElementStrides(geometryPtr, rank, scratchPtr) << 2;
  setSplat(value);
  moveSource = sourcePtr;
  moveBaseline = baselineOf(baselinePtr);
  moveMask = baselineMask(baselinePtr);
  const heldPtr = slot(scratchPtr, rank, PREVIOUS_START, 0);
  const neededPtr = slot(scratchPtr, rank, NEXT_START, 0);
  const slabPtr = slot(scratchPtr, rank, SLAB_START, 0);
  const recordBytes = <usize>(BOX_RECORD_FIELDS * rank + 1) << 2;
  for (let copy = 0; copy < copyCount; copy++) {
    const previous = load<i32>(jobPtr + (<usize>copy << 3));
    const next = load<i32>(jobPtr + (<usize>copy << 3) + 4);
    if (previous == next) continue;
    const copyPtr = batchPtr + <usize>copy * copyByteLength;
    if (rank == 0) {
      updateScalarWindow(copyPtr, exampleCount, next);
      continue;
    }
    const record = boxesPtr + <usize>copy * recordBytes;
    const recorded = boxesPtr != 0 && previous >= 0 && load<i32>(record) == previous;
    if (recorded && next == previous + 1) {
      // The usual move: the recorded box steps to the next window in place.
      const box = record + 4;
      copyInts(slabPtr, box, 2 * rank);
      const dim = stepBox(geometryPtr, rank, box);
      store<i32>(record, next);
      if (dim >= 0) {
        moveAlong(copyPtr, scratchPtr, rank, dim, slabPtr, box, exampleCount, exampleByteLength);
        continue;
      }
      copyInts(heldPtr, slabPtr, 2 * rank);
      copyInts(neededPtr, box, 2 * rank);
    } else {
      if (recorded) copyInts(heldPtr, record + 4, 2 * rank);
      else decodeBox(geometryPtr, rank, previous, heldPtr, heldPtr + (<usize>rank << 2));
      const dim = findBox(geometryPtr, rank, next, neededPtr, previous, heldPtr);
      if (boxesPtr != 0) {
        store<i32>(record, next);
        copyInts(record + 4, neededPtr, 2 * rank);
      }
      if (dim >= 0) {
        copyInts(slabPtr, heldPtr, 2 * rank);
        moveAlong(copyPtr, scratchPtr, rank, dim, heldPtr, neededPtr, exampleCount, exampleByteLength);
        continue;
      }
    }
    moveBoxes(copyPtr, scratchPtr, rank, exampleCount, exampleByteLength);
  }
}

/** Once per batch buffer and run: writes `count` consecutive copies of byteLength bytes at srcPtr to dstPtr. */
export function replicate(srcPtr: usize, dstPtr: usize, byteLength: usize, count: i32): void {
  for (let copy = 0; copy < count; copy++) memory.copy(dstPtr + <usize>copy * byteLength, srcPtr, byteLength);
}
