// Turns per-window output differences into Occlusion attributions (Zeiler & Fergus,
// arXiv 1311.2901, as computed by Captum):
//   attr[o, p] = (sum of diff[w, o] over windows w covering p) / (number of such windows).
// Windows on an axis of size n with window w and stride s start at k * s, so along one
// dimension the windows covering x are a contiguous range of k. A box sum over the
// window grid is therefore a range sum per dimension, computed from block prefix and
// suffix sums (spreadAlongDimension) so that no value outside the range takes part. Cost O(windows + rank * example length) per
// output, independent of window volume. Coverage is a product of per-dimension counts.
// Sums run in f64 over exactly the covering windows' differences, like a per-element
// accumulation in another order, so any mix of magnitudes keeps per-element accuracy.
import {
  FIELD_SHIFTS, FIELD_SIZE, FIELD_STRIDE, FIELD_WINDOW, exampleLengthOf, geometryField, windowCountOf,
} from "../shared/layout";
import { addRowF64, divideRowToF32, fillRow, sumRowsF64 } from "../shared/rows";

/** Lowest window position covering x along one axis. */
// @ts-ignore: decorator
@inline
function firstCovering(x: i32, window: i32, stride: i32): i32 {
  const reach = x - window + 1;
  return reach <= 0 ? 0 : (reach + stride - 1) / stride;
}

/** Highest window position covering x along one axis. */
// @ts-ignore: decorator
@inline
function lastCovering(x: i32, stride: i32, shifts: i32): i32 {
  return min(x / stride, shifts - 1);
}

/** Writes, for every dimension d and position x, how many window positions cover x (f64, concatenated). */
function writeCoverage(geometryPtr: usize, rank: i32, coveragePtr: usize): void {
  let at = coveragePtr;
  for (let dim = 0; dim < rank; dim++) {
    const size = geometryField(geometryPtr, dim, FIELD_SIZE);
    const window = geometryField(geometryPtr, dim, FIELD_WINDOW);
    const stride = geometryField(geometryPtr, dim, FIELD_STRIDE);
    const shifts = geometryField(geometryPtr, dim, FIELD_SHIFTS);
    for (let x = 0; x < size; x++, at += 8) {
      store<f64>(at, <f64>(lastCovering(x, stride, shifts) - firstCovering(x, window, stride) + 1));
    }
  }
}

/**
 * Copies output `output` of every window into a row-major (last dimension fastest) f64
 * grid. Window numbers run dimension 0 fastest, so the grid position is kept as digits
 * (at digitsPtr: rank digits, then rank grid strides) stepped with the window number: no
 * division per window.
 */
function gatherGrid(diffPtr: usize, outputCount: i32, output: i32, geometryPtr: usize, rank: i32, gridPtr: usize, digitsPtr: usize): void {
  const windows = windowCountOf(geometryPtr, rank);
  const gridStrides = digitsPtr + (<usize>rank << 2);
  let stride = 1;
  for (let dim = rank - 1; dim >= 0; dim--) {
    store<i32>(digitsPtr + (<usize>dim << 2), 0);
    store<i32>(gridStrides + (<usize>dim << 2), stride);
    stride *= geometryField(geometryPtr, dim, FIELD_SHIFTS);
  }
  let gridIndex = 0;
  for (let window = 0; window < windows; window++) {
    const diff = load<f32>(diffPtr + (<usize>(window * outputCount + output) << 2));
    store<f64>(gridPtr + (<usize>gridIndex << 3), <f64>diff);
    for (let dim = 0; dim < rank; dim++) {
      const at = digitsPtr + (<usize>dim << 2);
      const digit = load<i32>(at);
      const gridStride = load<i32>(gridStrides + (<usize>dim << 2));
      if (digit + 1 < geometryField(geometryPtr, dim, FIELD_SHIFTS)) {
        store<i32>(at, digit + 1);
        gridIndex += gridStride;
        break;
      }
      store<i32>(at, 0);
      gridIndex -= digit * gridStride;
    }
  }
}

/** Largest number of window positions covering one element along an axis: the block length. */
function longestRange(size: i32, window: i32, stride: i32, shifts: i32): i32 {
  let longest = 1;
  for (let x = 0; x < size; x++) longest = max(longest, lastCovering(x, stride, shifts) - firstCovering(x, window, stride) + 1);
  return longest;
}

/**
 * Replaces the grid axis of one dimension by the element axis: the array at srcPtr is
 * [outer, shifts, inner]; range sums over it go to dstPtr as [outer, size, inner].
 * The window positions covering one element form a range of at most `block` positions,
 * so with the axis cut into blocks of that length a range lies in one block or spans the
 * end of one and the start of the next (van Herk / Gil-Werman): its sum is a suffix sum
 * within a block plus a prefix sum within the next. Every value added belongs to the
 * range, as in a per-element accumulation, so a huge difference in one window cannot
 * cancel the small ones of its neighbours (prefix sums over the whole axis would). Cost
 * stays O(shifts + size) per row whatever the window volume. Prefix sums are written to
 * dst's first `shifts` rows, suffix sums in place in src; ranges are then written from
 * the last element down, as element x reads a prefix at a position <= x.
 */
function spreadAlongDimension(
  srcPtr: usize, dstPtr: usize, outer: i32, inner: i32,
  size: i32, window: i32, stride: i32, shifts: i32,
): void {
  const block = longestRange(size, window, stride, shifts);
  if (inner == 1) {
    spreadAlongLastDimension(srcPtr, dstPtr, outer, size, window, stride, shifts, block);
    return;
  }
  const rowBytes = <usize>inner << 3;
  for (let part = 0; part < outer; part++) {
    const src = srcPtr + <usize>part * <usize>shifts * rowBytes;
    const dst = dstPtr + <usize>part * <usize>size * rowBytes;
    for (let k = 0; k < shifts; k++) {
      const row = dst + <usize>k * rowBytes;
      if (k % block == 0) memory.copy(row, src + <usize>k * rowBytes, rowBytes);
      else sumRowsF64(row - rowBytes, src + <usize>k * rowBytes, row, inner);
    }
    for (let k = shifts - 2; k >= 0; k--) {
      if ((k + 1) % block != 0) addRowF64(src + <usize>(k + 1) * rowBytes, src + <usize>k * rowBytes, inner);
    }
    for (let x = size - 1; x >= 0; x--) {
      const first = firstCovering(x, window, stride);
      const last = lastCovering(x, stride, shifts);
      const target = dst + <usize>x * rowBytes;
      const prefix = dst + <usize>last * rowBytes;
      const suffix = src + <usize>first * rowBytes;
      if (first > last) memory.fill(target, 0, rowBytes);
      else if (first / block != last / block) sumRowsF64(suffix, prefix, target, inner);
      else if (first % block == 0) { if (last != x) memory.copy(target, prefix, rowBytes); }
      else memory.copy(target, suffix, rowBytes); // last is its block's end (or the axis end)
    }
  }
}

/**
 * spreadAlongDimension when the dimension is the innermost one left (rows of one value):
 * plain scalar block sums, as row helpers would cost a call per value.
 */
function spreadAlongLastDimension(
  srcPtr: usize, dstPtr: usize, outer: i32, size: i32, window: i32, stride: i32, shifts: i32, block: i32,
): void {
  for (let part = 0; part < outer; part++) {
    const src = srcPtr + (<usize>part * <usize>shifts << 3);
    const dst = dstPtr + (<usize>part * <usize>size << 3);
    let running: f64 = 0;
    for (let k = 0; k < shifts; k++) {
      const value = load<f64>(src + (<usize>k << 3));
      running = k % block == 0 ? value : running + value;
      store<f64>(dst + (<usize>k << 3), running);
    }
    running = 0;
    for (let k = shifts - 1; k >= 0; k--) {
      const value = load<f64>(src + (<usize>k << 3));
      running = (k + 1) % block == 0 || k == shifts - 1 ? value : running + value;
      store<f64>(src + (<usize>k << 3), running);
    }
    // firstCovering and lastCovering, stepped down instead of divided per value.
    let first = firstCovering(size - 1, window, stride);
    let last = lastCovering(size - 1, stride, shifts);
    for (let x = size - 1; x >= 0; x--) {
      while (last > 0 && last * stride > x) last--;
      while (first > 0 && (first - 1) * stride + window > x) first--;
      let sum: f64 = 0;
      if (first <= last) {
        const prefix = load<f64>(dst + (<usize>last << 3));
        const suffix = load<f64>(src + (<usize>first << 3));
        if (first / block != last / block) sum = suffix + prefix;
        else sum = first % block == 0 ? prefix : suffix;
      }
      store<f64>(dst + (<usize>x << 3), sum);
    }
  }
}

/**
 * Writes sums / coverage as f32 for the block of dimensions dim..rank-1. `span` is the
 * block's element count in the output, `sumsSpan` in the sums, where a dimension with a
 * single window position (the window spans it) has extent 1: its one value is broadcast.
 */
function divideByCoverage(
  sumsPtr: usize, outPtr: usize, coveragePtr: usize, geometryPtr: usize,
  rank: i32, dim: i32, span: i32, sumsSpan: i32, coverage: f64,
): void {
  const size = geometryField(geometryPtr, dim, FIELD_SIZE);
  const broadcast = geometryField(geometryPtr, dim, FIELD_SHIFTS) == 1;
  if (dim == rank - 1) {
    if (broadcast) fillRow(outPtr, size, <f32>(load<f64>(sumsPtr) / (coverage * load<f64>(coveragePtr))));
    else divideRowToF32(sumsPtr, coveragePtr, coverage, outPtr, size);
    return;
  }
  const stride = span / size;
  const sumsStride = broadcast ? 0 : sumsSpan / size;
  const innerSumsSpan = broadcast ? sumsSpan : sumsStride;
  for (let x = 0; x < size; x++) {
    const count = coverage * load<f64>(coveragePtr + (<usize>x << 3));
    const sums = sumsPtr + (<usize>(x * sumsStride) << 3);
    const out = outPtr + (<usize>(x * stride) << 2);
    divideByCoverage(sums, out, coveragePtr + (<usize>size << 3), geometryPtr, rank, dim + 1, stride, innerSumsSpan, count);
  }
}

/**
 * Once per input at the end of a run: diffPtr holds f32 differences [windows, outputCount]
 * (window-major, Captum's window order); writes f32 attributions [outputCount, ...example]
 * to outPtr. Scratch: two f64 arrays of one example's length (gridPtr, spreadPtr), and at
 * coveragePtr one f64 per position of every dimension followed by 2 * rank i32.
 */
export function spreadDifferences(
  diffPtr: usize, outputCount: i32, geometryPtr: usize, rank: i32,
  outPtr: usize, gridPtr: usize, spreadPtr: usize, coveragePtr: usize,
): void {
  const exampleLength = exampleLengthOf(geometryPtr, rank);
  writeCoverage(geometryPtr, rank, coveragePtr);
  let positions = 0;
  for (let dim = 0; dim < rank; dim++) positions += geometryField(geometryPtr, dim, FIELD_SIZE);
  const digitsPtr = coveragePtr + (<usize>positions << 3);
  for (let output = 0; output < outputCount; output++) {
    gatherGrid(diffPtr, outputCount, output, geometryPtr, rank, gridPtr, digitsPtr);
    let src = gridPtr;
    let dst = spreadPtr;
    // Last dimension first: its rows of one value are cheapest while the grid is small,
    // and every later dimension then moves whole rows (v128). A dimension the window
    // spans (one position) is not spread: divideByCoverage broadcasts its value.
    let outer = windowCountOf(geometryPtr, rank);
    let inner = 1;
    for (let dim = rank - 1; dim >= 0; dim--) {
      const size = geometryField(geometryPtr, dim, FIELD_SIZE);
      const shifts = geometryField(geometryPtr, dim, FIELD_SHIFTS);
      if (shifts == 1) continue;
      outer /= shifts;
      spreadAlongDimension(
        src, dst, outer, inner, size,
        geometryField(geometryPtr, dim, FIELD_WINDOW), geometryField(geometryPtr, dim, FIELD_STRIDE), shifts,
      );
      inner *= size;
      const swap = src; src = dst; dst = swap;
    }
    const outRow = outPtr + (<usize>output * <usize>exampleLength << 2);
    if (rank == 0) store<f32>(outRow, <f32>load<f64>(src));
    else divideByCoverage(src, outRow, coveragePtr, geometryPtr, rank, 0, exampleLength, inner, 1.0);
  }
}
