// What a forward function may return: a number, a tensor-like, a typed array or
// number[] (shape [length]), or nested number arrays. Read into data + shape.
import { describe, errorText, fail, guardRead } from "../errors.ts";
import { isTensorLike, readTensorLike, tensor, type RawTensor } from "../tensor.ts";

export function readForwardOutput(value: unknown, call: string): RawTensor {
  return guardRead(`forward's output (${call})`, () => readOutput(value, call));
}

function readOutput(value: unknown, call: string): RawTensor {
  if (typeof value === "number") return { data: [value], shape: [] };
  if (isTensorLike(value)) return numeric(readTensorLike(value, `forward's output (${call})`, "FORWARD_OUTPUT_TYPE"));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return numeric({ data: value as unknown as RawTensor["data"], shape: [(value as unknown as ArrayLike<number>).length] });
  }
  if (Array.isArray(value)) {
    try {
      return tensor(value as number[]);
    } catch (error) {
      fail("FORWARD_OUTPUT_TYPE", `forward returned arrays that are not rectangular arrays of numbers (${call}): ${errorText(error)}`);
    }
  }
  return fail("FORWARD_OUTPUT_TYPE", `forward must return a number, a tensor-like, a typed array or (nested) number arrays; ${call} returned ${describe(value)}`);
}

// int64 outputs arrive as BigInt64Array; everything downstream reads plain numbers.
function numeric(raw: RawTensor): RawTensor {
  if (raw.data instanceof BigInt64Array || raw.data instanceof BigUint64Array) {
    return { data: Float64Array.from(raw.data, Number), shape: raw.shape };
  }
  return raw;
}
