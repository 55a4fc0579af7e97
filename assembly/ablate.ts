// Builds perturbed batches for Occlusion (Zeiler & Fergus, arXiv 1311.2901; Captum's
// captum.attr.Occlusion): window k of an input is the box [k_d * stride_d,
// min(k_d * stride_d + window_d, size_d)) in every non-batch dimension d, with k
// decoded from the window index in mixed radix over the shift counts, dimension 0
// fastest (Captum's order). Batch copies are updated in place: a copy that held window
// p and needs window n gets p \ n restored from the input and n \ p set to the
// baseline; p ∩ n already holds the baseline. The last dimension is contiguous, so a
// box is a set of row segments, each written with the v128 helpers of rows.ts.
import { FIELD_SHIFTS, FIELD_SIZE, FIELD_STRIDE, FIELD_WINDOW, geometryField } from "./layout";
import { copyRow, fillRow } from "./rows";

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

/** Writes window `window`'s box (start, end per dimension) at startPtr/endPtr; an empty box for window -1. */
function decodeBox(geometryPtr: usize, rank: i32, window: i32, startPtr: usize, endPtr: usize): void {
  let rest = window;
  for (let dim = 0; dim < rank; dim++) {
    let start = 0;
    let end = 0;
    if (window >= 0) {
      const shifts = geometryField(geometryPtr, dim, FIELD_SHIFTS);
      // One division per dimension, none where the window does not move (integer division is slow).
      if (shifts > 1) {
        const quotient = rest / shifts;
        start = (rest - quotient * shifts) * geometryField(geometryPtr, dim, FIELD_STRIDE);
        rest = quotient;
      }
      end = min(start + geometryField(geometryPtr, dim, FIELD_WINDOW), geometryField(geometryPtr, dim, FIELD_SIZE));
    }
    store<i32>(startPtr + (<usize>dim << 2), start);
    store<i32>(endPtr + (<usize>dim << 2), end);
  }
}

/**
 * Writes elements [start, end) of `rowCount` rows, `rowStride` elements apart from
 * element `firstRow`, in every example: copied from srcPtr, or `value` when `fill`.
 */
// @ts-ignore: decorator
@inline
function writeRows(
  srcPtr: usize, dstPtr: usize, value: f32, fill: bool, firstRow: i32, rowCount: i32, rowStride: i32,
  start: i32, end: i32, exampleCount: i32, exampleByteLength: usize,
): void {
  const length = end - start;
  const rowBytes = <usize>rowStride << 2;
  const at = <usize>(firstRow + start) << 2;
  for (let example = 0; example < exampleCount; example++) {
    let src = srcPtr + <usize>example * exampleByteLength + at;
    let dst = dstPtr + <usize>example * exampleByteLength + at;
    for (let row = 0; row < rowCount; row++, src += rowBytes, dst += rowBytes) {
      if (fill) fillRow(dst, length, value);
      else copyRow(src, dst, length);
    }
  }
}

/**
 * Writes the (non-empty) SLAB box: an odometer over dimensions 0..rank-3, and in each
 * plane the slab's rows of dimension rank-2, each its segment of the last dimension.
 */
function writeSlab(
  srcPtr: usize, dstPtr: usize, value: f32, fill: bool, scratchPtr: usize, rank: i32, exampleCount: i32, exampleByteLength: usize,
): void {
  const last = rank - 1;
  const segmentStart = load<i32>(slot(scratchPtr, rank, SLAB_START, last));
  const segmentEnd = load<i32>(slot(scratchPtr, rank, SLAB_END, last));
  // The row dimension (rank-2) is looped directly; a rank-1 example is a single row.
  const rowDim = last - 1;
  const rowStride = rowDim >= 0 ? load<i32>(slot(scratchPtr, rank, ELEMENT_STRIDE, rowDim)) : 0;
  const rowStart = rowDim >= 0 ? load<i32>(slot(scratchPtr, rank, SLAB_START, rowDim)) : 0;
  const rowCount = rowDim >= 0 ? load<i32>(slot(scratchPtr, rank, SLAB_END, rowDim)) - rowStart : 1;
  for (let dim = 0; dim < rowDim; dim++) store<i32>(slot(scratchPtr, rank, COORD, dim), load<i32>(slot(scratchPtr, rank, SLAB_START, dim)));
  while (true) {
    let base = rowStart * rowStride;
    for (let dim = 0; dim < rowDim; dim++) {
      base += load<i32>(slot(scratchPtr, rank, COORD, dim)) * load<i32>(slot(scratchPtr, rank, ELEMENT_STRIDE, dim));
    }
    writeRows(srcPtr, dstPtr, value, fill, base, rowCount, rowStride, segmentStart, segmentEnd, exampleCount, exampleByteLength);
    let dim = rowDim - 1;
    for (; dim >= 0; dim--) {
      const at = slot(scratchPtr, rank, COORD, dim);
      const x = load<i32>(at) + 1;
      if (x < load<i32>(slot(scratchPtr, rank, SLAB_END, dim))) {
        store<i32>(at, x);
        break;
      }
      store<i32>(at, load<i32>(slot(scratchPtr, rank, SLAB_START, dim)));
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
  srcPtr: usize, dstPtr: usize, value: f32, fill: bool, scratchPtr: usize, rank: i32,
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
    writeSlab(srcPtr, dstPtr, value, fill, scratchPtr, rank, exampleCount, exampleByteLength);
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
      writeSlab(srcPtr, dstPtr, value, fill, scratchPtr, rank, exampleCount, exampleByteLength);
    }
    if (high < end) {
      store<i32>(startAt, high);
      store<i32>(endAt, end);
      writeSlab(srcPtr, dstPtr, value, fill, scratchPtr, rank, exampleCount, exampleByteLength);
    }
    // Later dimensions' slabs lie inside B along this one.
    store<i32>(startAt, low);
    store<i32>(endAt, high);
  }
}

/** Copies held minus needed back from the input. */
function restoreHeld(sourcePtr: usize, copyPtr: usize, scratchPtr: usize, rank: i32, exampleCount: i32, exampleByteLength: usize): void {
  writeBoxMinus(sourcePtr, copyPtr, 0, false, scratchPtr, rank, PREVIOUS_START, NEXT_START, exampleCount, exampleByteLength);
}

/** Sets needed minus held to a scalar baseline. */
function fillNeeded(copyPtr: usize, value: f32, scratchPtr: usize, rank: i32, exampleCount: i32, exampleByteLength: usize): void {
  writeBoxMinus(0, copyPtr, value, true, scratchPtr, rank, NEXT_START, PREVIOUS_START, exampleCount, exampleByteLength);
}

/** Copies needed minus held from a tensor baseline. */
function copyNeeded(baselinePtr: usize, copyPtr: usize, scratchPtr: usize, rank: i32, exampleCount: i32, exampleByteLength: usize): void {
  writeBoxMinus(baselinePtr, copyPtr, 0, false, scratchPtr, rank, NEXT_START, PREVIOUS_START, exampleCount, exampleByteLength);
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
function updateScalarWindow(sourcePtr: usize, baselinePtr: usize, value: f32, copyPtr: usize, exampleCount: i32, next: i32): void {
  for (let example = 0; example < exampleCount; example++) {
    const at = <usize>example << 2;
    const replacement = baselinePtr != 0 ? load<f32>(baselinePtr + at) : value;
    store<f32>(copyPtr + at, next >= 0 ? replacement : load<f32>(sourcePtr + at));
  }
}

/**
 * Per forward call and input, by the wrapper: brings `copyCount` batch copies (each
 * exampleCount examples, copyByteLength apart from batchPtr) from the window they hold
 * to the window they need. jobPtr holds one i32 pair (held, needed) per copy, -1 for
 * none. Restores come from sourcePtr; the baseline is baselinePtr's values (same layout
 * as the source), or `value` when baselinePtr is 0. scratchPtr: WINDOW_SCRATCH_FIELDS * rank i32.
 */
export function updateWindows(
  sourcePtr: usize, baselinePtr: usize, value: f32, batchPtr: usize, copyByteLength: usize,
  exampleCount: i32, geometryPtr: usize, rank: i32, jobPtr: usize, copyCount: i32, scratchPtr: usize,
): void {
  const exampleByteLength = <usize>writeElementStrides(geometryPtr, rank, scratchPtr) << 2;
  const fill = baselinePtr == 0;
  for (let copy = 0; copy < copyCount; copy++) {
    const previous = load<i32>(jobPtr + (<usize>copy << 3));
    const next = load<i32>(jobPtr + (<usize>copy << 3) + 4);
    if (previous == next) continue;
    const copyPtr = batchPtr + <usize>copy * copyByteLength;
    if (rank == 0) {
      updateScalarWindow(sourcePtr, baselinePtr, value, copyPtr, exampleCount, next);
      continue;
    }
    decodeBox(geometryPtr, rank, previous, slot(scratchPtr, rank, PREVIOUS_START, 0), slot(scratchPtr, rank, PREVIOUS_END, 0));
    decodeBox(geometryPtr, rank, next, slot(scratchPtr, rank, NEXT_START, 0), slot(scratchPtr, rank, NEXT_END, 0));
    restoreHeld(sourcePtr, copyPtr, scratchPtr, rank, exampleCount, exampleByteLength);
    if (fill) fillNeeded(copyPtr, value, scratchPtr, rank, exampleCount, exampleByteLength);
    else copyNeeded(baselinePtr, copyPtr, scratchPtr, rank, exampleCount, exampleByteLength);
  }
}

/** Once per batch buffer and run: writes `count` consecutive copies of byteLength bytes at srcPtr to dstPtr. */
export function replicate(srcPtr: usize, dstPtr: usize, byteLength: usize, count: i32): void {
  for (let copy = 0; copy < count; copy++) memory.copy(dstPtr + <usize>copy * byteLength, srcPtr, byteLength);
}
