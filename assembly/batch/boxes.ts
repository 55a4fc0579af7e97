// Window boxes for updateWindows (ablate.ts): decoding a window number into its box
// (start, end per dimension, Captum's order, dimension 0 fastest) and stepping a held
// box to the next window without a division.
import { FIELD_SHIFTS, FIELD_SIZE, FIELD_STRIDE, FIELD_WINDOW, geometryField } from "../shared/layout";

/** Writes window `window`'s box (start, end per dimension) at startPtr/endPtr; an empty box for window -1. */
export function decodeBox(geometryPtr: usize, rank: i32, window: i32, startPtr: usize, endPtr: usize): void {
  let rest = window;
  for (let dim = 0; dim < rank; dim++) {
    let start = 0;
    let end = 0;
    if (window >= 0) {
      const shifts = geometryField(geometryPtr, dim, FIELD_SHIFTS);
      // One division per dimension, none where the window does not move (integer division is slow).
      if (shifts > 1) {
        const quotient = rest / shifts;
        start = (rest - quotient * shifts) * geometryField(geometryPtr, dim, FIELD_STRIDE);
        rest = quotient;
      }
      end = min(start + geometryField(geometryPtr, dim, FIELD_WINDOW), geometryField(geometryPtr, dim, FIELD_SIZE));
    }
    store<i32>(startPtr + (<usize>dim << 2), start);
    store<i32>(endPtr + (<usize>dim << 2), end);
  }
}

/** Windows a held box is stepped forward to reach the needed one, instead of decoding it (batch copies usually move by one). */
const MAX_STEPS = 8;

/**
 * Moves the box at boxPtr (start then end per dimension) to the next window: the
 * mixed-radix position plus one, no division. Returns the dimension it moved along when
 * only that one changed (no moving dimension wrapped back to 0 before it), else -1.
 */
export function stepBox(geometryPtr: usize, rank: i32, boxPtr: usize): i32 {
  let wrapped = false;
  for (let dim = 0; dim < rank; dim++) {
    const startAt = boxPtr + (<usize>dim << 2);
    const stride = geometryField(geometryPtr, dim, FIELD_STRIDE);
    const shifts = geometryField(geometryPtr, dim, FIELD_SHIFTS);
    const next = load<i32>(startAt) + stride;
    // Position k + 1 exists when (k + 1) * stride < shifts * stride; else it wraps to 0 and carries.
    const moved = next < shifts * stride;
    const start = moved ? next : 0;
    store<i32>(startAt, start);
    store<i32>(boxPtr + (<usize>(rank + dim) << 2), min(start + geometryField(geometryPtr, dim, FIELD_WINDOW), geometryField(geometryPtr, dim, FIELD_SIZE)));
    if (moved) return wrapped ? -1 : dim;
    wrapped = wrapped || shifts > 1;
  }
  return -1;
}

// @ts-ignore: decorator
@inline
export function copyInts(dstPtr: usize, srcPtr: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<i32>(dstPtr + (<usize>i << 2), load<i32>(srcPtr + (<usize>i << 2)));
}

/**
 * Writes window `window`'s box at boxPtr (start then end per dimension): stepped from
 * window `from`'s box at fromPtr when it lies at most MAX_STEPS windows after it, else
 * decoded. Returns the dimension the box moved along when every step moved along it
 * alone (stepBox), else -1.
 */
export function findBox(geometryPtr: usize, rank: i32, window: i32, boxPtr: usize, from: i32, fromPtr: usize): i32 {
  const steps = window - from;
  if (from >= 0 && window >= 0 && steps > 0 && steps <= MAX_STEPS) {
    copyInts(boxPtr, fromPtr, 2 * rank);
    let moved = stepBox(geometryPtr, rank, boxPtr);
    for (let step = 1; step < steps; step++) {
      if (stepBox(geometryPtr, rank, boxPtr) != moved) moved = -1;
    }
    return moved;
  }
  decodeBox(geometryPtr, rank, window, boxPtr, boxPtr + (<usize>rank << 2));
  return -1;
}

