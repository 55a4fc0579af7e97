// Reads one FeatureAblation mask into 64-bit ids, in place, and checks them: Captum's
// feature_mask holds non-negative integer ids; this library takes them below 2^53 so
// they stay exact as JS numbers. The wrapper writes the mask as 64-bit words: int64 or
// uint64 data as it is, any other (int32, uint8, float, ...) as f64 (a native conversion).

/** Encodings of the mask data the wrapper wrote (src/methods/mask-convert.ts mirrors them). */
export const MASK_INT64: i32 = 0;
export const MASK_F64: i32 = 1;

/** The largest id: 2^53 - 1 (Number.MAX_SAFE_INTEGER). */
export const MAX_ID: u64 = (<u64>1 << 53) - 1;

/**
 * Turns `length` mask elements (8 bytes each) at idsPtr into u64 ids in place. Returns the
 * index of the first element that is not an id (negative, fractional, NaN, above 2^53 - 1),
 * or -1. Int64 and uint64 data are read as u64: a negative int64 is above MAX_ID.
 */
export function readMaskIds(idsPtr: usize, length: i32, kind: i32): i32 {
  for (let index = 0; index < length; index++) {
    const at = idsPtr + (<usize>index << 3);
    if (kind == MASK_F64) {
      const value = load<f64>(at);
      // NaN fails both comparisons; -0 is the id 0, as Number.isSafeInteger says.
      if (!(value >= 0 && value <= <f64>MAX_ID) || Math.floor(value) != value) return index;
      store<u64>(at, <u64>value);
    } else if (load<u64>(at) > MAX_ID) {
      return index;
    }
  }
  return -1;
}
