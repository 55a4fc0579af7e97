/**
 * Reads what `attribute` accepts as a tensor — `{ data, shape }` (the library's Tensor,
 * ndarray), onnxruntime's `{ data, dims }`, TensorFlow.js's `{ shape, dataSync() }` —
 * into data and shape for the pictures. int64 data (BigInt64Array) is read as numbers.
 */
import { OcclusionError } from "../index.ts";
import { describe } from "./layout.ts";
import type { TensorLike } from "./types.ts";

export interface ReadTensor {
  data: ArrayLike<number>;
  shape: number[];
}

export function readTensor(value: TensorLike | null | undefined, name: string): ReadTensor {
  const record = value as unknown as Record<string, unknown> | null;
  const shape = record?.dims ?? record?.shape;
  if (record === null || typeof record !== "object" || !Array.isArray(shape)) {
    throw new OcclusionError(
      "VIS_SHAPE",
      `${name}: expected a tensor ({ data, shape }, onnxruntime { data, dims } or TF.js { shape, dataSync() }), received ${describe(value)}`,
    );
  }
  const data = typeof record.dataSync === "function" ? callDataSync(record, name) : record.data;
  if (data == null || typeof (data as ArrayLike<number>).length !== "number") {
    throw new OcclusionError("VIS_SHAPE", `${name}: expected numeric data, received ${describe(data)}`);
  }
  return { data: asNumbers(data as ArrayLike<number | bigint>), shape: shape as number[] };
}

function callDataSync(record: Record<string, unknown>, name: string): unknown {
  try {
    return (record.dataSync as () => unknown)();
  } catch (error) {
    throw new OcclusionError("VIS_SHAPE", `${name}.dataSync() threw: ${(error as Error)?.message ?? describe(error)}`, { cause: error });
  }
}

function asNumbers(data: ArrayLike<number | bigint>): ArrayLike<number> {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return data as ArrayLike<number>;
}
