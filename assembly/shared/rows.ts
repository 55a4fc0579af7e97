// Contiguous row operations: a v128 body over four (f32) or two (f64) lanes,
// then a scalar tail. The scalar build (ASC_FEATURE_SIMD false) keeps only the tail loop.

/** Copies `length` f32 values from srcPtr to dstPtr (regions do not overlap). */
// @ts-ignore: decorator
@inline
export function copyRow(srcPtr: usize, dstPtr: usize, length: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Two vectors per step: short rows (8 values) are common in windows.
    for (; i + 8 <= length; i += 8) {
      const offset = <usize>i << 2;
      v128.store(dstPtr + offset, v128.load(srcPtr + offset));
      v128.store(dstPtr + offset + 16, v128.load(srcPtr + offset + 16));
    }
    if (i + 4 <= length) {
      v128.store(dstPtr + (<usize>i << 2), v128.load(srcPtr + (<usize>i << 2)));
      i += 4;
    }
  }
  for (; i < length; i++) {
    const offset = <usize>i << 2;
    store<f32>(dstPtr + offset, load<f32>(srcPtr + offset));
  }
}

/** Sets `length` f32 values at dstPtr to `value`. */
// @ts-ignore: decorator
@inline
export function fillRow(dstPtr: usize, length: i32, value: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const lanes = f32x4.splat(value);
    for (; i + 8 <= length; i += 8) {
      v128.store(dstPtr + (<usize>i << 2), lanes);
      v128.store(dstPtr + (<usize>i << 2) + 16, lanes);
    }
    if (i + 4 <= length) {
      v128.store(dstPtr + (<usize>i << 2), lanes);
      i += 4;
    }
  }
  for (; i < length; i++) store<f32>(dstPtr + (<usize>i << 2), value);
}

/** dst[i] += src[i] over `length` f64 values: one step of a running (prefix) sum. */
// @ts-ignore: decorator
@inline
export function addRowF64(srcPtr: usize, dstPtr: usize, length: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= length; i += 2) {
      const offset = <usize>i << 3;
      v128.store(dstPtr + offset, f64x2.add(v128.load(dstPtr + offset), v128.load(srcPtr + offset)));
    }
  }
  for (; i < length; i++) {
    const offset = <usize>i << 3;
    store<f64>(dstPtr + offset, load<f64>(dstPtr + offset) + load<f64>(srcPtr + offset));
  }
}

/** dst[i] = a[i] + b[i] over `length` f64 values (dst may be a or b): a range sum from two block sums. */
// @ts-ignore: decorator
@inline
export function sumRowsF64(aPtr: usize, bPtr: usize, dstPtr: usize, length: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= length; i += 2) {
      const offset = <usize>i << 3;
      v128.store(dstPtr + offset, f64x2.add(v128.load(aPtr + offset), v128.load(bPtr + offset)));
    }
  }
  for (; i < length; i++) {
    const offset = <usize>i << 3;
    store<f64>(dstPtr + offset, load<f64>(aPtr + offset) + load<f64>(bPtr + offset));
  }
}

/**
 * out[i] = f32(sums[i] / (scale * counts[i])) over `length` values (sums and counts f64):
 * the mean over covering windows, rounded once to f32. f64x2 division gives the same
 * bits per lane as the scalar tail.
 */
// @ts-ignore: decorator
@inline
export function divideRowToF32(sumsPtr: usize, countsPtr: usize, scale: f64, outPtr: usize, length: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const scales = f64x2.splat(scale);
    for (; i + 4 <= length; i += 4) {
      const at = <usize>i << 3;
      const low = f64x2.div(v128.load(sumsPtr + at), f64x2.mul(scales, v128.load(countsPtr + at)));
      const high = f64x2.div(v128.load(sumsPtr + at + 16), f64x2.mul(scales, v128.load(countsPtr + at + 16)));
      v128.store(outPtr + (<usize>i << 2), f32x4.shuffle(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5));
    }
  }
  for (; i < length; i++) {
    const at = <usize>i << 3;
    store<f32>(outPtr + (<usize>i << 2), <f32>(load<f64>(sumsPtr + at) / (scale * load<f64>(countsPtr + at))));
  }
}
