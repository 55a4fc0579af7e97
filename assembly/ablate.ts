// Builds perturbed batches for Occlusion (Zeiler & Fergus, arXiv 1311.2901; Captum's
// captum.attr.Occlusion): window k of an input is the box [k_d * stride_d,
// min(k_d * stride_d + window_d, size_d)) in every non-batch dimension d, with k
// decoded from the window index in mixed radix over the shift counts, dimension 0
// fastest (Captum's order). The last dimension is contiguous, so a window is a set
// of rows; each row is written with the v128 helpers of rows.ts.
import {
  FIELD_SHIFTS, FIELD_SIZE, FIELD_STRIDE, FIELD_WINDOW, exampleLengthOf, geometryField,
} from "./layout";
import { copyRow, fillRow } from "./rows";

/**
 * Visits the rows of window `windowIndex` below dimension `dim` of one example and
 * copies them from srcPtr (or fills them with `value` when `fill`).
 * `span` is the element count of one block of dimensions dim..rank-1.
 */
function writeWindowRows(
  srcPtr: usize, dstPtr: usize, value: f32, fill: bool,
  geometryPtr: usize, rank: i32, dim: i32, windowIndex: i32, offset: i32, span: i32,
): void {
  const size = geometryField(geometryPtr, dim, FIELD_SIZE);
  const shifts = geometryField(geometryPtr, dim, FIELD_SHIFTS);
  const start = (windowIndex % shifts) * geometryField(geometryPtr, dim, FIELD_STRIDE);
  const end = min(start + geometryField(geometryPtr, dim, FIELD_WINDOW), size);
  const stride = span / size;
  if (dim == rank - 1) {
    const at = <usize>(offset + start) << 2;
    if (fill) fillRow(dstPtr + at, end - start, value);
    else copyRow(srcPtr + at, dstPtr + at, end - start);
    return;
  }
  const rest = windowIndex / shifts;
  for (let x = start; x < end; x++) {
    writeWindowRows(srcPtr, dstPtr, value, fill, geometryPtr, rank, dim + 1, rest, offset + x * stride, stride);
  }
}

function writeWindow(
  srcPtr: usize, dstPtr: usize, value: f32, fill: bool,
  exampleCount: i32, geometryPtr: usize, rank: i32, windowIndex: i32,
): void {
  const exampleLength = exampleLengthOf(geometryPtr, rank);
  const exampleByteLength = <usize>exampleLength << 2;
  for (let example = 0; example < exampleCount; example++) {
    const shift = <usize>example * exampleByteLength;
    if (rank == 0) {
      // A 1-d input's only window is the example's single value.
      if (fill) store<f32>(dstPtr + shift, value);
      else store<f32>(dstPtr + shift, load<f32>(srcPtr + shift));
    } else {
      writeWindowRows(srcPtr + shift, dstPtr + shift, value, fill, geometryPtr, rank, 0, windowIndex, 0, exampleLength);
    }
  }
}

/**
 * Per perturbation, by the wrapper: copies window `windowIndex` of every example from
 * srcPtr into dstPtr (same [exampleCount, ...] layout). Writes the baseline into a
 * batch copy, or restores the input where a previous window was.
 */
export function copyWindow(
  srcPtr: usize, dstPtr: usize, exampleCount: i32, geometryPtr: usize, rank: i32, windowIndex: i32,
): void {
  writeWindow(srcPtr, dstPtr, 0, false, exampleCount, geometryPtr, rank, windowIndex);
}

/** Per perturbation, by the wrapper: sets window `windowIndex` of every example at dstPtr to `value`. */
export function fillWindow(
  dstPtr: usize, value: f32, exampleCount: i32, geometryPtr: usize, rank: i32, windowIndex: i32,
): void {
  writeWindow(0, dstPtr, value, true, exampleCount, geometryPtr, rank, windowIndex);
}

/** Once per batch buffer and run: writes `count` consecutive copies of byteLength bytes at srcPtr to dstPtr. */
export function replicate(srcPtr: usize, dstPtr: usize, byteLength: usize, count: i32): void {
  for (let copy = 0; copy < count; copy++) memory.copy(dstPtr + <usize>copy * byteLength, srcPtr, byteLength);
}
