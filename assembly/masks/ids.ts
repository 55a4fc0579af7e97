// Reads one FeatureAblation mask into 64-bit ids, in place, and checks them: Captum's
// feature_mask holds non-negative integer ids; this library takes them below 2^53 so
// they stay exact as JS numbers. The wrapper writes the mask in one of four encodings
// (MASK_* below); the ids region is 8 bytes per element, and an i32 mask sits in its
// second half so the widening can run forward without overwriting unread elements.

/** Encodings of the mask data the wrapper wrote (src/methods/mask-convert.ts mirrors them). */
export const MASK_I32: i32 = 0;
export const MASK_I64: i32 = 1;
export const MASK_U64: i32 = 2;
export const MASK_F64: i32 = 3;

/** The largest id: 2^53 - 1 (Number.MAX_SAFE_INTEGER). */
export const MAX_ID: u64 = (<u64>1 << 53) - 1;

/**
 * Turns `length` mask elements at idsPtr into u64 ids in place. `kind` says how they were
 * written: MASK_I32 at idsPtr + 4 * length, the others at idsPtr. Returns the index of the
 * first element that is not an id (negative, fractional, NaN, above 2^53 - 1), or -1.
 */
export function readMaskIds(idsPtr: usize, length: i32, kind: i32): i32 {
  if (kind == MASK_I32) return widenI32(idsPtr, length);
  for (let index = 0; index < length; index++) {
    const at = idsPtr + (<usize>index << 3);
    if (kind == MASK_F64) {
      const value = load<f64>(at);
      // NaN fails both comparisons; -0 is the id 0, as Number.isSafeInteger says.
      if (!(value >= 0 && value <= <f64>MAX_ID) || Math.floor(value) != value) return index;
      store<u64>(at, <u64>value);
    } else {
      // MASK_I64 negatives read as u64 are above MAX_ID; MASK_U64 is unsigned already.
      if (load<u64>(at) > MAX_ID) return index;
    }
  }
  return -1;
}

// Element i is read at idsPtr + 4 * (length + i) and written at idsPtr + 8 * i: the write
// ends at or before the next unread element, so one forward pass suffices.
function widenI32(idsPtr: usize, length: i32): i32 {
  const rawPtr = idsPtr + (<usize>length << 2);
  let index = 0;
  if (ASC_FEATURE_SIMD) {
    for (; index + 4 <= length; index += 4) {
      const four = v128.load(rawPtr + (<usize>index << 2));
      if (i32x4.bitmask(four) != 0) break; // a negative id: the scalar loop finds which
      const at = idsPtr + (<usize>index << 3);
      v128.store(at, i64x2.extend_low_i32x4_s(four));
      v128.store(at + 16, i64x2.extend_high_i32x4_s(four));
    }
  }
  for (; index < length; index++) {
    const value = load<i32>(rawPtr + (<usize>index << 2));
    if (value < 0) return index;
    store<u64>(idsPtr + (<usize>index << 3), <u64>value);
  }
  return -1;
}
