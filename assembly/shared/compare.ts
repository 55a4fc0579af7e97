// The end-of-run half of the write check (FORWARD_WROTE_INPUT): once every batch copy has
// been moved back to the plain input (each move compares what it overwrites,
// shared/replace.ts), every word of every copy must equal the input's. A word that does
// not was written by forward where no move came after it. The same pass clears the
// copies, so the instance goes back to the pool without a second pass over its batch
// buffers (kernel.ts releaseKernel clears only what the run wrote elsewhere).

/**
 * Once per run and input, by the wrapper: 1 when the `count` copies of byteLength bytes
 * (a multiple of 4) at copiesPtr all equal srcPtr's bytes, else 0. Every copy is zero
 * afterwards, equal or not.
 */
export function clearSameCopies(srcPtr: usize, copiesPtr: usize, byteLength: usize, count: i32): i32 {
  let differs = 0;
  const body: usize = ASC_FEATURE_SIMD ? byteLength & ~<usize>63 : 0;
  for (let copy = 0; copy < count; copy++) {
    const dst = copiesPtr + <usize>copy * byteLength;
    if (ASC_FEATURE_SIMD) {
      // Four accumulators, so the loop waits on loads rather than on one chain of ORs.
      const zero = i32x4.splat(0);
      let a = zero, b = zero, c = zero, d = zero;
      for (let at: usize = 0; at < body; at += 64) {
        const copied = dst + at;
        const source = srcPtr + at;
        a = v128.or(a, v128.xor(v128.load(copied), v128.load(source)));
        b = v128.or(b, v128.xor(v128.load(copied, 16), v128.load(source, 16)));
        c = v128.or(c, v128.xor(v128.load(copied, 32), v128.load(source, 32)));
        d = v128.or(d, v128.xor(v128.load(copied, 48), v128.load(source, 48)));
        v128.store(copied, zero);
        v128.store(copied, zero, 16);
        v128.store(copied, zero, 32);
        v128.store(copied, zero, 48);
      }
      differs |= <i32>v128.any_true(v128.or(v128.or(a, b), v128.or(c, d)));
    }
    for (let at = body; at < byteLength; at += 4) {
      differs |= load<i32>(dst + at) ^ load<i32>(srcPtr + at);
      store<i32>(dst + at, 0);
    }
  }
  return differs != 0 ? 0 : 1;
}
