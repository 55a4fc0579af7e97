// A cheap fingerprint of a batch buffer, taken when the kernel has written a batch and
// again when forward has returned: if they differ, forward wrote into its input views
// (FORWARD_WROTE_INPUT). Four 32-bit lanes over the words (lane j: words 4i + j), each
// h = h * ODD + word mod 2^32; a change to one word of a lane changes that lane for
// certain (an odd multiplier is invertible mod 2^32). The scalar build computes the
// same value as the SIMD one.

const ODD: i32 = 0x01000193;

/** Per batch and forward call, by the wrapper: fingerprint of byteLength bytes at ptr (a multiple of 4). */
export function checksum(ptr: usize, byteLength: usize): i32 {
  const words = <i32>(byteLength >>> 2);
  const chunks = words >>> 2;
  let h0: i32 = 0x2f6b1d35;
  let h1: i32 = 0x2f6b1d35;
  let h2: i32 = 0x2f6b1d35;
  let h3: i32 = 0x2f6b1d35;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const odd = i32x4.splat(ODD);
    let lanes = i32x4.splat(0x2f6b1d35);
    for (; i < chunks; i++) lanes = i32x4.add(i32x4.mul(lanes, odd), v128.load(ptr + (<usize>i << 4)));
    h0 = i32x4.extract_lane(lanes, 0);
    h1 = i32x4.extract_lane(lanes, 1);
    h2 = i32x4.extract_lane(lanes, 2);
    h3 = i32x4.extract_lane(lanes, 3);
  }
  for (; i < chunks; i++) {
    const at = ptr + (<usize>i << 4);
    h0 = h0 * ODD + load<i32>(at);
    h1 = h1 * ODD + load<i32>(at, 4);
    h2 = h2 * ODD + load<i32>(at, 8);
    h3 = h3 * ODD + load<i32>(at, 12);
  }
  // Tail words (fewer than four) go to lane 0, one after the other.
  for (let word = chunks << 2; word < words; word++) h0 = h0 * ODD + load<i32>(ptr + (<usize>word << 2));
  return ((h0 * ODD + h1) * ODD + h2) * ODD + h3 ^ words;
}
