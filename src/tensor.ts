// Tensors at the API boundary: the library's own Tensor, the tensor() constructor,
// and adapters that read onnxruntime ({ data, dims }), TensorFlow.js
// ({ shape, dataSync() }) and ndarray-style ({ data, shape }) objects without
// importing those libraries.
import { dense } from "./arrays.ts";
import { describe, fail, guardRead, type OcclusionErrorCode, listText } from "./errors.ts";

/** A dense row-major tensor; dim 0 is the batch. Float32 unless an integer input's batch. */
export interface Tensor<A extends InputArray = Float32Array> {
  data: A;
  shape: number[];
}

/** Element types of inputs: forward receives batches of the input's own type. */
export type DType = "float32" | "int32" | "int64";

/** The arrays of those types (what onnxruntime-web gives for float32, int32 and int64 tensors). */
export type InputArray = Float32Array | Int32Array | BigInt64Array;

/** Bytes per element of each input type. */
export const DTYPE_BYTES: Record<DType, number> = { float32: 4, int32: 4, int64: 8 };

/** An input's type from its data: Int32Array and BigInt64Array keep theirs, everything else is float32. */
export function dtypeOf(data: unknown): DType {
  if (data instanceof Int32Array) return "int32";
  if (data instanceof BigInt64Array) return "int64";
  return "float32";
}

/** An input's data in its own type: integer arrays as they are, others converted to float32. */
export function toInputArray(data: NumericArray, name: string): InputArray {
  if (data instanceof Int32Array || data instanceof BigInt64Array) return data;
  return toFloat32(data, name);
}

/** Numeric storage accepted from other libraries (int64 tensors arrive as BigInt64Array). */
export type NumericArray =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | readonly number[];

/** Anything `attribute` accepts where a tensor is expected. */
export type TensorLike =
  | Tensor
  | { data: NumericArray; shape: readonly number[] }
  | { data: NumericArray; dims: readonly number[] }
  | {
      shape: readonly number[];
      /** The values, row-major (a TensorFlow.js tensor). */
      dataSync(): NumericArray;
    };

/** A tensor read from a tensor-like, data not yet converted. */
export interface RawTensor {
  data: NumericArray;
  shape: number[];
}

type Nested = number | readonly Nested[];

/**
 * Builds a Tensor from flat data and a shape, or from nested number arrays (shape
 * inferred). A Float32Array is used as is, without a copy; other data is converted.
 */
export function tensor(values: NumericArray | Nested, shape?: readonly number[]): Tensor {
  return guardRead("tensor()'s values or shape", () => tensorUnguarded(values, shape));
}

function tensorUnguarded(values: NumericArray | Nested, shape?: readonly number[]): Tensor {
  if (shape === undefined && (typeof values === "number" || Array.isArray(values))) {
    const inferred = nestedShape(values as Nested);
    return { data: Float32Array.from(flattenNested(values as Nested, inferred)), shape: inferred };
  }
  const data = toFloat32(values as NumericArray, "tensor(values)");
  const dims = shape === undefined ? [data.length] : checkShape(shape, "tensor(shape)", "INVALID_INPUT");
  if (product(dims) !== data.length) {
    fail("INVALID_INPUT", `tensor(): shape ${listText(dims)} holds ${product(dims)} values but data has ${data.length}`);
  }
  return { data, shape: dims };
}

/** Product of a shape's dimensions (1 for a 0-d shape). */
export function product(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}

/** True for the object forms of TensorLike; plain arrays and typed arrays are not tensor-like. */
export function isTensorLike(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.shape) && typeof record.dataSync === "function") return true;
  return "data" in record && (Array.isArray(record.shape) || Array.isArray(record.dims));
}

/** Reads any TensorLike into data + shape, checking that they agree. */
export function readTensorLike(value: unknown, name: string, code: OcclusionErrorCode): RawTensor {
  const shape = readShapeOf(value, name, code);
  return { data: readDataOf(value, shape, name, code), shape };
}

/** Reads only a TensorLike's shape: limits can be checked before any data is touched. */
export function readShapeOf(value: unknown, name: string, code: OcclusionErrorCode): number[] {
  if (!isTensorLike(value)) {
    rejectTypedShape(value, name, code);
    fail(code, `${name} must be a tensor-like ({ data, shape }, { data, dims } or { shape, dataSync() }), got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  return checkShape((record.dims ?? record.shape) as unknown, `${name}.shape`, code);
}

/** A { data, shape: Int32Array } is not tensor-like, but it is close: say exactly what to change. */
export function rejectTypedShape(value: unknown, name: string, code: OcclusionErrorCode): void {
  if (typeof value !== "object" || value === null) return;
  const given = (value as Record<string, unknown>).shape ?? (value as Record<string, unknown>).dims;
  if (ArrayBuffer.isView(given)) {
    fail(code, `${name}.shape must be a plain array of non-negative integers, got ${describe(given)}; pass Array.from(shape)`);
  }
}

/** Reads a TensorLike's data (calling dataSync() where needed) and checks it against `shape`. */
export function readDataOf(value: unknown, shape: number[], name: string, code: OcclusionErrorCode): NumericArray {
  const record = value as Record<string, unknown>;
  const data = typeof record.dataSync === "function" ? callDataSync(record, name, code) : record.data;
  if (!isNumericArray(data)) fail(code, `${name}.data must be a typed array or an array of numbers, got ${describe(data)}`);
  checkContiguous(record, shape, name, code);
  if (data.length !== product(shape)) {
    fail(code, `${name} has shape ${listText(shape)} (${product(shape)} values) but its data holds ${data.length}`);
  }
  return data;
}

// A TensorFlow.js tensor that was disposed throws from dataSync(); report it as this argument's error.
function callDataSync(record: Record<string, unknown>, name: string, code: OcclusionErrorCode): unknown {
  try {
    return (record.dataSync as () => unknown)();
  } catch (error) {
    return fail(code, `${name}.dataSync() threw: ${error instanceof Error ? error.message : describe(error)}`, error);
  }
}

/** Converts numeric storage to a Float32Array, copying unless it already is one. */
export function toFloat32(data: NumericArray, name: string): Float32Array {
  if (data instanceof Float32Array) return data;
  if (!isNumericArray(data)) fail("INVALID_INPUT", `${name} must be numeric, got ${describe(data)}`);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float32Array.from(data, Number);
  return Float32Array.from(data as ArrayLike<number>);
}

function isNumericArray(data: unknown): data is NumericArray {
  if (ArrayBuffer.isView(data)) return !(data instanceof DataView);
  return Array.isArray(data) && dense(data).every((item) => typeof item === "number");
}

function checkShape(shape: unknown, name: string, code: OcclusionErrorCode): number[] {
  if (!Array.isArray(shape) || !dense(shape).every((size) => Number.isSafeInteger(size) && (size as number) >= 0)) {
    fail(code, `${name} must be an array of non-negative integers, got ${describe(shape)}`);
  }
  return [...shape];
}

// ndarray objects may be strided views; only dense row-major ones can be read as is.
function checkContiguous(record: Record<string, unknown>, shape: number[], name: string, code: OcclusionErrorCode): void {
  const stride = record.stride;
  if (!Array.isArray(stride)) return;
  let expected = 1;
  for (let dim = shape.length - 1; dim >= 0; dim--) {
    if (shape[dim] > 1 && stride[dim] !== expected) {
      fail(code, `${name} is a strided view (stride ${listText(stride)}); pass a dense row-major copy`);
    }
    expected *= shape[dim];
  }
  if (typeof record.offset === "number" && record.offset !== 0) fail(code, `${name} has a non-zero offset; pass a dense copy`);
}

function nestedShape(values: Nested): number[] {
  const shape: number[] = [];
  let level: Nested = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = (level as readonly Nested[])[0];
  }
  return shape;
}

function flattenNested(values: Nested, shape: number[], depth = 0, out: number[] = []): number[] {
  if (depth === shape.length) {
    if (typeof values !== "number") fail("INVALID_INPUT", `tensor(): nested arrays must hold numbers, got ${describe(values)}`);
    out.push(values);
    return out;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    fail("INVALID_INPUT", `tensor(): nested arrays are ragged at depth ${depth} (expected length ${shape[depth]})`);
  }
  for (const item of values as readonly Nested[]) flattenNested(item, shape, depth + 1, out);
  return out;
}
