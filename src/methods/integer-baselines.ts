// Baselines of integer (token id) inputs: integers of the input's type. A number or a
// bigint must be a whole number inside the type's range; a tensor baseline must hold
// integers only, in range (any numeric storage, converted once to the input's type).
// Captum would promote an int32 input with an int64 baseline, or any integer input
// with a float baseline, to another batch type; here the batch type is always the
// input's, so a value the input's type cannot hold is an INVALID_BASELINE.
import { describe, fail } from "../errors.ts";
import type { DType, NumericArray } from "../tensor.ts";

const RANGES = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

type IntegerType = Exclude<DType, "float32">;

/** One scalar baseline as an integer of `dtype`; fails on a fraction, a non-number or a value out of range. */
export function integerScalar(value: unknown, dtype: IntegerType, name: string): bigint {
  if (typeof value === "bigint") return inRange(value, dtype, name, value);
  if (typeof value !== "number" || !Number.isInteger(value)) {
    fail("INVALID_BASELINE", `${name} must be an integer (number or bigint) for an ${dtype} input, got ${describe(value)}`);
  }
  return inRange(BigInt(value), dtype, name, value);
}

/** A tensor baseline's data as the input's integer type. */
export function integerData(data: NumericArray, dtype: IntegerType, name: string): Int32Array | BigInt64Array {
  if (dtype === "int32" && data instanceof Int32Array) return data;
  if (dtype === "int64" && data instanceof BigInt64Array) return data;
  const out = dtype === "int32" ? new Int32Array(data.length) : new BigInt64Array(data.length);
  const isBig = data instanceof BigInt64Array || data instanceof BigUint64Array;
  for (let index = 0; index < data.length; index++) {
    const item = (data as ArrayLike<number | bigint>)[index];
    if (!isBig && !Number.isInteger(item)) {
      fail("INVALID_BASELINE", `${name} must hold integers for an ${dtype} input; element ${index} is ${describe(item)}`);
    }
    const value = inRange(BigInt(item), dtype, `${name} element ${index}`, item);
    if (out instanceof Int32Array) out[index] = Number(value);
    else out[index] = value;
  }
  return out;
}

function inRange(value: bigint, dtype: IntegerType, name: string, given: unknown): bigint {
  const [low, high] = RANGES[dtype];
  if (value < low || value > high) fail("INVALID_BASELINE", `${name} = ${describe(given)} is outside the ${dtype} range [${low}, ${high}] of its input`);
  return value;
}
