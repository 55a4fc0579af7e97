// A cheap fingerprint of a batch buffer, taken at the end of a run before and after the
// wrapper rebuilds the buffer in place: if they differ, forward wrote into its input views
// (FORWARD_WROTE_INPUT). Fletcher-style over four 32-bit lanes (lane j: words 4i + j):
// a += word, b += a, mod 2^32. A change to one word changes `a` of its lane for certain;
// `b` also tells most reorderings and compensating changes apart. Additions only, so the
// SIMD loop runs at memory speed; the scalar build computes the same value.

/** Per batch and forward call, by the wrapper: fingerprint of byteLength bytes at ptr (a multiple of 4). */
export function checksum(ptr: usize, byteLength: usize): i32 {
  const words = <i32>(byteLength >>> 2);
  const chunks = words >>> 2;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let a = i32x4.splat(0);
    let b = i32x4.splat(0);
    for (; i < chunks; i++) {
      a = i32x4.add(a, v128.load(ptr + (<usize>i << 4)));
      b = i32x4.add(b, a);
    }
    a0 = i32x4.extract_lane(a, 0); a1 = i32x4.extract_lane(a, 1); a2 = i32x4.extract_lane(a, 2); a3 = i32x4.extract_lane(a, 3);
    b0 = i32x4.extract_lane(b, 0); b1 = i32x4.extract_lane(b, 1); b2 = i32x4.extract_lane(b, 2); b3 = i32x4.extract_lane(b, 3);
  }
  for (; i < chunks; i++) {
    const at = ptr + (<usize>i << 4);
    a0 += load<i32>(at); b0 += a0;
    a1 += load<i32>(at, 4); b1 += a1;
    a2 += load<i32>(at, 8); b2 += a2;
    a3 += load<i32>(at, 12); b3 += a3;
  }
  // Tail words (fewer than four) go to lane 0, one after the other.
  for (let word = chunks << 2; word < words; word++) {
    a0 += load<i32>(ptr + (<usize>word << 2));
    b0 += a0;
  }
  // The sums and the weighted sums are folded apart and joined with a rotation, so that a
  // sign-bit change in one word cannot cancel between its `a` and its `b`.
  const sums = mix(mix(mix(mix(words, a0), a1), a2), a3);
  const weighted = mix(mix(mix(mix(words, b0), b1), b2), b3);
  return sums ^ rotl<i32>(weighted, 16);
}

// An odd multiplier is invertible mod 2^32: a change in one lane changes the fold.
function mix(hash: i32, value: i32): i32 {
  return hash * 0x01000193 + value;
}
