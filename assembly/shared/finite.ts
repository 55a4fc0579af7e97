// Finiteness check over raw f32 memory: lets the wrapper reject NaN or Infinity in a
// tensor baseline without a per-element loop in JS. A float is NaN or ±Infinity exactly
// when its exponent bits are all ones.

const EXPONENT_BITS: i32 = 0x7f800000;

/** Once per tensor baseline and run, by the wrapper: how many of `length` f32 values at ptr are NaN or ±Infinity. */
export function countNonFinite(ptr: usize, length: i32): i32 {
  let i = 0;
  let count = 0;
  if (ASC_FEATURE_SIMD) {
    const exponent = i32x4.splat(EXPONENT_BITS);
    // Lanes of i32x4.eq are -1 where true, so subtracting them counts.
    let lanes = i32x4.splat(0);
    for (; i + 4 <= length; i += 4) {
      lanes = i32x4.sub(lanes, i32x4.eq(v128.and(v128.load(ptr + (<usize>i << 2)), exponent), exponent));
    }
    count = i32x4.extract_lane(lanes, 0) + i32x4.extract_lane(lanes, 1) +
      i32x4.extract_lane(lanes, 2) + i32x4.extract_lane(lanes, 3);
  }
  for (; i < length; i++) {
    if ((load<i32>(ptr + (<usize>i << 2)) & EXPONENT_BITS) == EXPONENT_BITS) count++;
  }
  return count;
}
