// Plain, obviously-correct references for the kernel specs: dense window masks built
// element by element, no prefix sums, no SIMD.
import { GEOMETRY_FIELDS } from "../shared/layout";

export function f32s(length: i32): StaticArray<f32> {
  return new StaticArray<f32>(length);
}

export function ptr<T>(array: StaticArray<T>): usize {
  return changetype<usize>(array);
}

/** A geometry block for sizes/windows/strides, shift counts computed as Captum does. */
export function geometry(sizes: i32[], windows: i32[], strides: i32[]): StaticArray<i32> {
  const block = new StaticArray<i32>(sizes.length * GEOMETRY_FIELDS);
  for (let dim = 0; dim < sizes.length; dim++) {
    block[dim * 4] = sizes[dim];
    block[dim * 4 + 1] = windows[dim];
    block[dim * 4 + 2] = strides[dim];
    block[dim * 4 + 3] = (sizes[dim] - windows[dim] + strides[dim] - 1) / strides[dim] + 1;
  }
  return block;
}

export function product(values: i32[]): i32 {
  let result = 1;
  for (let i = 0; i < values.length; i++) result *= values[i];
  return result;
}

export function windowCount(block: StaticArray<i32>): i32 {
  let count = 1;
  for (let dim = 0; dim < block.length / 4; dim++) count *= block[dim * 4 + 3];
  return count;
}

/** True when element `element` (row-major in one example) lies inside window `window`. */
export function inWindow(block: StaticArray<i32>, window: i32, element: i32): bool {
  const rank = block.length / 4;
  let rest = window;
  for (let dim = 0; dim < rank; dim++) {
    const shifts = block[dim * 4 + 3];
    let after = 1;
    for (let later = dim + 1; later < rank; later++) after *= block[later * 4];
    const x = (element / after) % block[dim * 4];
    const start = (rest % shifts) * block[dim * 4 + 2];
    if (x < start || x >= start + block[dim * 4 + 1]) return false;
    rest /= shifts;
  }
  return true;
}

/** Deterministic pseudo-random values in [-1, 1). */
export function fillPseudoRandom(array: StaticArray<f32>, seed: u32): void {
  let state = seed;
  for (let i = 0; i < array.length; i++) {
    state = state * 1664525 + 1013904223;
    array[i] = <f32>((state >> 8) & 0xffff) / 32768.0 - 1.0;
  }
}
