// Captum's sliding_window_shapes and strides, in all their argument forms, normalised
// to one window and one stride list per input (both of length rank - 1) and
// validated as Captum's Occlusion.attribute asserts, plus integer checks Captum leaves to torch.
import { dense } from "../arrays.ts";
import { describe, fail, listText } from "../errors.ts";

/** What the checks here read of an input: its shape only, so they run before any data is read. */
export interface Shaped {
  shape: number[];
}

export function normalizeWindows(given: unknown, inputs: Shaped[]): number[][] {
  if (!Array.isArray(given)) {
    fail("INVALID_WINDOW", `slidingWindowShapes must be an array (number[] for one input, number[][] for several), got ${describe(given)}`);
  }
  const value = dense(given);
  const nested = value.length > 0 && value.every((entry) => Array.isArray(entry));
  if (!nested && !value.every((entry) => typeof entry === "number")) {
    fail("INVALID_WINDOW", `slidingWindowShapes must be all numbers (one input) or all arrays (one per input), got ${describe(value)}`);
  }
  const windows = (nested ? value.map((entry) => dense(entry as unknown[])) : [value]) as unknown[][];
  if (windows.length !== inputs.length) {
    fail("WINDOW_COUNT", `slidingWindowShapes gives ${windows.length} window(s) for ${inputs.length} input(s); pass one window per input`);
  }
  return windows.map((window, index) => checkWindow(window, inputs[index], index));
}

function checkWindow(window: unknown[], input: Shaped, index: number): number[] {
  const name = `slidingWindowShapes[${index}]`;
  for (const size of window) {
    if (!isPositiveInteger(size)) fail("INVALID_WINDOW", `${name} must hold positive integers, got ${describe(window)}`);
  }
  const sizes = input.shape.slice(1);
  if (window.length !== sizes.length) {
    fail("WINDOW_RANK", `${name} has ${window.length} entries but input ${index} of shape ${listText(input.shape)} has ${sizes.length} non-batch dimensions`);
  }
  (window as number[]).forEach((size, dim) => {
    if (size > sizes[dim]) {
      fail("WINDOW_TOO_LARGE", `${name} = ${listText(window)} exceeds input ${index}'s non-batch shape ${listText(sizes)} in dimension ${dim + 1}`);
    }
  });
  return window as number[];
}

export function normalizeStrides(value: unknown, inputs: Shaped[], windows: number[][]): number[][] {
  const perInput = stridesPerInput(value, inputs);
  return perInput.map((entry, index) => {
    const rank = inputs[index].shape.length - 1;
    const name = `strides[${index}]`;
    if (typeof entry === "number" && !isPositiveInteger(entry)) {
      fail("INVALID_STRIDE", `${name} must be a positive integer, got ${describe(entry)}`);
    }
    const strides: unknown[] = typeof entry === "number" ? new Array(rank).fill(entry)
      : Array.isArray(entry) ? dense(entry)
      : fail("INVALID_STRIDE", `${name} must be a positive integer or an array of them, got ${describe(entry)}`);
    if (!strides.every(isPositiveInteger)) fail("INVALID_STRIDE", `${name} must hold positive integers, got ${describe(entry)}`);
    if (strides.length !== rank) {
      fail("STRIDE_RANK", `${name} has ${strides.length} entries but input ${index} has ${rank} non-batch dimensions`);
    }
    checkStridesFitWindow(strides as number[], windows[index], inputs[index], index);
    return strides as number[];
  });
}

// Captum's forms: an int (one input), a per-dimension tuple (one input; a one-element
// tuple means that stride everywhere), or one entry per input.
function stridesPerInput(given: unknown, inputs: Shaped[]): unknown[] {
  if (given === undefined || given === null) return inputs.map(() => 1);
  if (typeof given === "number") {
    if (inputs.length !== 1) {
      fail("STRIDES_COUNT", `strides = ${describe(given)} is a single number for ${inputs.length} inputs; pass one entry per input, e.g. [${given}, ${given}]`);
    }
    return [given];
  }
  if (!Array.isArray(given)) fail("INVALID_STRIDE", `strides must be a number or an array, got ${describe(given)}`);
  const value = dense(given);
  if (inputs.length === 1) {
    if (value.length === 1) return [value[0]];
    if (value.every((entry) => typeof entry === "number")) return [value];
  }
  if (value.length !== inputs.length) {
    fail("STRIDES_COUNT", `strides gives ${value.length} entries for ${inputs.length} input(s); pass one entry per input`);
  }
  return value;
}

function checkStridesFitWindow(strides: number[], window: number[], input: Shaped, index: number): void {
  strides.forEach((stride, dim) => {
    const size = input.shape[dim + 1];
    if (window[dim] < size && stride > window[dim]) {
      fail("STRIDE_TOO_LARGE", `strides[${index}] = ${listText(strides)} exceeds window ${listText(window)} in dimension ${dim + 1}, where the window (${window[dim]}) is smaller than the input (${size}); elements would be skipped`);
    }
  });
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}
