// Captum's target argument (_select_targets): which values of the forward output are
// attributed. Normalised to either no selection, one index tuple for every example,
// or one index tuple per example; selection copies the chosen values out of an
// output of shape [N, ...] where example r of the output uses entry r mod B.
import { dense } from "../arrays.ts";
import { describe, fail, listText } from "../errors.ts";
import { isTensorLike, product, readTensorLike, type RawTensor } from "../tensor.ts";

export type Target =
  | { kind: "none" }
  | { kind: "shared"; index: number[] }
  | { kind: "perExample"; indices: number[][] };

export function normalizeTarget(given: unknown, batchSize: number): Target {
  const value = Array.isArray(given) ? dense(given) : given;
  if (value === undefined || value === null) return { kind: "none" };
  if (typeof value === "number") return { kind: "shared", index: [checkIndex(value, "target")] };
  if (isTensorLike(value)) return tensorTarget(readTensorLike(value, "target", "INVALID_TARGET"), batchSize);
  if (!Array.isArray(value) || value.length === 0) {
    fail("INVALID_TARGET", `target must be a number, number[], number[][] or an integer tensor, got ${describe(value)}`);
  }
  const tuples = value.every((entry) => Array.isArray(entry));
  if (!tuples && !value.every((entry) => typeof entry === "number")) {
    fail("INVALID_TARGET", `target must be all numbers (one per example) or all arrays (index tuples), got ${describe(value)}`);
  }
  const indices = (tuples ? value.map((entry) => dense(entry as unknown[])) : value.map((entry) => [entry])) as unknown[][];
  const checked = indices.map((tuple, example) => tuple.map((index) => checkIndex(index, `target[${example}]`)));
  // An empty tuple would select nothing from a 0-d output and silently give zeros.
  if (checked[0].length === 0) fail("INVALID_TARGET", `target's index tuples must hold at least one index (got ${describe(value)}); omit target for no selection`);
  if (checked.some((tuple) => tuple.length !== checked[0].length)) {
    fail("INVALID_TARGET", `target's index tuples must all have the same length, got ${describe(value)}`);
  }
  return perExampleOrShared(checked, batchSize);
}

function tensorTarget(raw: RawTensor, batchSize: number): Target {
  if (raw.shape.length > 1) fail("INVALID_TARGET", `a target tensor must be 0-d or 1-d, got shape ${listText(raw.shape)}`);
  const values = Array.from(raw.data as ArrayLike<number | bigint>, Number);
  const checked = values.map((index, example) => [checkIndex(index, `target[${example}]`)]);
  if (checked.length === 0) fail("INVALID_TARGET", "the target tensor is empty");
  return perExampleOrShared(checked, batchSize);
}

// An array of length 1 applies to every example; otherwise one entry per example.
function perExampleOrShared(indices: number[][], batchSize: number): Target {
  if (indices.length === 1) return { kind: "shared", index: indices[0] };
  if (indices.length !== batchSize) {
    fail("TARGET_LENGTH", `target gives ${indices.length} entries for a batch of ${batchSize}; pass one per example, or one for all`);
  }
  return { kind: "perExample", indices };
}

function checkIndex(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    fail("INVALID_TARGET", `${name} must be an integer index, got ${describe(value)}`);
  }
  if (value < 0) fail("INVALID_TARGET", `${name} = ${value} is negative; negative (Python-style) indices are not supported`);
  return value;
}

function indexLength(target: Target): number {
  if (target.kind === "none") return 0;
  return target.kind === "shared" ? target.index.length : target.indices[0].length;
}

/** Checks a target against an output's shape; throws TARGET_RANK or TARGET_OUT_OF_RANGE. */
export function checkTargetFits(target: Target, shape: number[]): void {
  const length = indexLength(target);
  if (length === 0) return;
  if (shape.length < 1 + length) {
    fail("TARGET_RANK", `target selects ${length} index(es) after dim 0, but the forward output has shape ${listText(shape)}`);
  }
  const tuples = target.kind === "shared" ? [target.index] : (target as { indices: number[][] }).indices;
  for (const tuple of tuples) {
    tuple.forEach((index, position) => {
      if (index >= shape[position + 1]) {
        fail("TARGET_OUT_OF_RANGE", `target index ${index} is out of range for dimension ${position + 1} of the forward output, shape ${listText(shape)}`);
      }
    });
  }
}

/**
 * Copies the target-selected values of `output` (shape [N, ...]) into `into` at `offset`,
 * row-major. The caller has checked the target with checkTargetFits. Returns the count.
 */
export function selectTarget(output: RawTensor, target: Target, batchSize: number, into: Float32Array, offset: number): number {
  const data = output.data as ArrayLike<number>;
  if (target.kind === "none") {
    into.set(data, offset);
    return data.length;
  }
  const rows = output.shape[0];
  const rowLength = product(output.shape.slice(1));
  const length = indexLength(target);
  const tail = product(output.shape.slice(1 + length));
  const indexStrides = Array.from({ length }, (_, position) => product(output.shape.slice(position + 2)));
  for (let row = 0; row < rows; row++) {
    const tuple = target.kind === "shared" ? target.index : target.indices[row % batchSize];
    let start = row * rowLength;
    for (let position = 0; position < length; position++) start += tuple[position] * indexStrides[position];
    if (tail === 1) into[offset + row] = data[start];
    else into.set(sliceOf(data, start, start + tail), offset + row * tail);
  }
  return rows * tail;
}

function sliceOf(data: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  return ArrayBuffer.isView(data) ? (data as Float32Array).subarray(start, end) : Array.prototype.slice.call(data, start, end);
}

/** How many values selectTarget yields for an output of this shape. */
export function selectedLength(shape: number[], target: Target): number {
  return product(shape) / (target.kind === "none" ? 1 : product(shape.slice(1, 1 + indexLength(target))));
}
