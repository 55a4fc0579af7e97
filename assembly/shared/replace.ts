// Checked in-place replacement of 32-bit words, for the batch moves (batch/ablate.ts,
// batch/groups.ts). A move overwrites only words whose content it knows: the strip it
// restores holds the baseline, the strip it perturbs holds the input. Each word is
// compared (XOR, bit for bit) with what it must hold before it is replaced, so a write
// by forward there is not erased unseen: a difference sets a sticky flag the wrapper
// reads once per run (takeMismatch). Words elsewhere are never overwritten: they stay
// for the wrapper's end-of-run comparison with the input (shared/compare.ts).

/**
 * False only in the bench's comparison build (`--use WRITE_CHECK_OFF=1`, bench/write-check.ts):
 * the moves then write without reading, as before the check, so the bench can price it.
 */
// @ts-ignore: compile-time constant, defined only by that build
const CHECK: bool = !isDefined(WRITE_CHECK_OFF);

/** Set by a move that found a word differing from what it must hold; cleared by takeMismatch. */
let mismatch: i32 = 0;

/** Four copies of the scalar baseline: read with mask 0, a pointer that never advances. */
const SPLAT: usize = memory.data(16, 16);

/** Once per move call: the scalar baseline's four lanes, for moves without a tensor baseline. */
export function setSplat(value: f32): void {
  store<f32>(SPLAT, value);
  store<f32>(SPLAT, value, 4);
  store<f32>(SPLAT, value, 8);
  store<f32>(SPLAT, value, 12);
}

/** The baseline's pointer: the tensor's, or the splat when there is none (baselinePtr 0). */
// @ts-ignore: decorator
@inline
export function baselineOf(baselinePtr: usize): usize {
  return baselinePtr != 0 ? baselinePtr : SPLAT;
}

/** The mask of the baseline's offsets: all ones for a tensor, 0 for the splat (it stays at its 16 bytes). */
// @ts-ignore: decorator
@inline
export function baselineMask(baselinePtr: usize): usize {
  return baselinePtr != 0 ? <usize>-1 : 0;
}

/**
 * Replaces `length` words in each of `rowCount` rows, rowBytes apart, at dstPtr + offset
 * with fromPtr's (same offsets & fromMask), after comparing them with expectPtr's
 * (offsets & expectMask); a difference sets the flag. Offsets are in bytes from each
 * pointer, so the same code reads a tensor or the splat; the SIMD build keeps a splat in
 * a register (one loop per case). Not inlined: one copy serves every move (the SIMD
 * kernel's size budget), called once per slab plane or feature run, not per row.
 */
export function replaceRows(
  fromPtr: usize, fromMask: usize, expectPtr: usize, expectMask: usize, dstPtr: usize, offset: usize,
  rowCount: i32, rowBytes: usize, length: i32,
): void {
  let differs = 0;
  let body = 0;
  if (ASC_FEATURE_SIMD) {
    body = length & ~3;
    let lanes = i32x4.splat(0);
    for (let row = 0, rowOffset = offset; row < rowCount; row++, rowOffset += rowBytes) {
      const dst = dstPtr + rowOffset;
      const from = fromPtr + (rowOffset & fromMask);
      const expect = expectPtr + (rowOffset & expectMask);
      if (expectMask == 0) {
        // Restoring the input where the scalar baseline must be.
        const expected = v128.load(expectPtr);
        for (let i = 0; i < body; i += 4) {
          const at = <usize>i << 2;
          if (CHECK) lanes = v128.or(lanes, v128.xor(v128.load(dst + at), expected));
          v128.store(dst + at, v128.load(from + at));
        }
      } else if (fromMask == 0) {
        // Writing the scalar baseline where the input must be.
        const value = v128.load(fromPtr);
        for (let i = 0; i < body; i += 4) {
          const at = <usize>i << 2;
          if (CHECK) lanes = v128.or(lanes, v128.xor(v128.load(dst + at), v128.load(expect + at)));
          v128.store(dst + at, value);
        }
      } else {
        for (let i = 0; i < body; i += 4) {
          const at = <usize>i << 2;
          if (CHECK) lanes = v128.or(lanes, v128.xor(v128.load(dst + at), v128.load(expect + at)));
          v128.store(dst + at, v128.load(from + at));
        }
      }
    }
    differs = <i32>v128.any_true(lanes);
  }
  if (!ASC_FEATURE_SIMD) {
    replaceWords(fromPtr, fromMask, expectPtr, expectMask, dstPtr, offset, rowCount, rowBytes, length);
    return;
  }
  // The words after the v128 body.
  if (body < length) {
    for (let row = 0; row < rowCount; row++, offset += rowBytes) {
      for (let i = body; i < length; i++) {
        const at = offset + (<usize>i << 2);
        if (CHECK) differs |= load<i32>(dstPtr + at) ^ load<i32>(expectPtr + (at & expectMask));
        store<i32>(dstPtr + at, load<i32>(fromPtr + (at & fromMask)));
      }
    }
  }
  mismatch |= differs;
}

/** The scalar build's replaceRows: the same cases, word by word, the splat's word in a local. */
// @ts-ignore: decorator
@inline
function replaceWords(
  fromPtr: usize, fromMask: usize, expectPtr: usize, expectMask: usize, dstPtr: usize, offset: usize,
  rowCount: i32, rowBytes: usize, length: i32,
): void {
  let differs = 0;
  const rowEnd = <usize>length << 2;
  for (let row = 0; row < rowCount; row++, offset += rowBytes) {
    const dst = dstPtr + offset;
    const from = fromPtr + (offset & fromMask);
    const expect = expectPtr + (offset & expectMask);
    if (expectMask == 0) {
      const expected = load<i32>(expectPtr);
      for (let at: usize = 0; at < rowEnd; at += 4) {
        if (CHECK) differs |= load<i32>(dst + at) ^ expected;
        store<i32>(dst + at, load<i32>(from + at));
      }
    } else if (fromMask == 0) {
      const value = load<i32>(fromPtr);
      for (let at: usize = 0; at < rowEnd; at += 4) {
        if (CHECK) differs |= load<i32>(dst + at) ^ load<i32>(expect + at);
        store<i32>(dst + at, value);
      }
    } else {
      for (let at: usize = 0; at < rowEnd; at += 4) {
        if (CHECK) differs |= load<i32>(dst + at) ^ load<i32>(expect + at);
        store<i32>(dst + at, load<i32>(from + at));
      }
    }
  }
  mismatch |= differs;
}

/** For a move that replaces a word itself: `differs` nonzero sets the flag. */
// @ts-ignore: decorator
@inline
export function noteMismatch(differs: i32): void {
  mismatch |= differs;
}

/** Once per run, by the wrapper (and before its first move): 1 when a move found a word changed since the kernel wrote it, else 0; clears the flag. */
export function takeMismatch(): i32 {
  const found = mismatch != 0 ? 1 : 0;
  mismatch = 0;
  return found;
}
