// The end-of-run half of the write check (FORWARD_WROTE_INPUT): once every batch copy has
// been moved back to the plain input (each move compares what it overwrites,
// shared/replace.ts), every word of every copy must equal the input's. A word that does
// not was written by forward where no move came after it.

/** Once per run and input, by the wrapper: 1 when the `count` copies of byteLength bytes (a multiple of 4) at copiesPtr all equal srcPtr's bytes, else 0. */
export function sameCopies(srcPtr: usize, copiesPtr: usize, byteLength: usize, count: i32): i32 {
  let differs = 0;
  const body: usize = ASC_FEATURE_SIMD ? byteLength & ~<usize>15 : 0;
  for (let copy = 0; copy < count; copy++) {
    const dst = copiesPtr + <usize>copy * byteLength;
    if (ASC_FEATURE_SIMD) {
      let lanes = i32x4.splat(0);
      for (let at: usize = 0; at < body; at += 16) lanes = v128.or(lanes, v128.xor(v128.load(dst + at), v128.load(srcPtr + at)));
      differs |= <i32>v128.any_true(lanes);
    }
    for (let at = body; at < byteLength; at += 4) differs |= load<i32>(dst + at) ^ load<i32>(srcPtr + at);
  }
  return differs != 0 ? 0 : 1;
}
