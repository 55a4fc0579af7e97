// Captum's baselines: a number, a tensor broadcastable to the input (NumPy rules,
// right-aligned: each baseline dimension equals the input's or is 1), or one of
// those per input. Tensor baselines are expanded by the kernel; here they are only
// checked and described by their broadcast strides.
import { dense } from "../arrays.ts";
import { describe, fail, listText } from "../errors.ts";
import { isTensorLike, product, readTensorLike, type DType, type NumericArray } from "../tensor.ts";
import { integerData, integerScalar } from "./integer-baselines.ts";

type Shaped = { shape: number[] };

export type Baseline =
  | { kind: "scalar"; value: number }
  | { kind: "tensor"; data: NumericArray; sourceStrides: number[]; name: string };

/**
 * Every input's baseline. An integer input (`dtypes`) always gets a tensor baseline of
 * its own type (a scalar becomes a one-element tensor broadcast everywhere), so the
 * kernel copies its bits and never reads an integer through a float.
 */
/** A baseline as given, before it is made of its input's type. */
type Given = Exclude<Baseline, { kind: "scalar" }> | { kind: "scalar"; value: number | bigint; name: string };

export function normalizeBaselines(value: unknown, inputs: Shaped[], dtypes: DType[] = inputs.map(() => "float32")): Baseline[] {
  return readBaselines(value, inputs).map((baseline, index) => ofType(baseline, dtypes[index], inputs[index]));
}

function ofType(baseline: Given, dtype: DType, input: Shaped): Baseline {
  if (dtype === "float32") {
    if (baseline.kind === "scalar") return { kind: "scalar", value: checkFloat32(baseline.value, baseline.name) };
    return baseline;
  }
  if (baseline.kind === "scalar") {
    const value = integerScalar(baseline.value, dtype, baseline.name);
    const data = dtype === "int32" ? Int32Array.of(Number(value)) : BigInt64Array.of(value);
    return { kind: "tensor", data, sourceStrides: input.shape.map(() => 0), name: baseline.name };
  }
  return { ...baseline, data: integerData(baseline.data, dtype, baseline.name) };
}

function readBaselines(value: unknown, inputs: Shaped[]): Given[] {
  if (value === undefined || value === null) return inputs.map(() => scalar(0, "baselines"));
  if (typeof value === "number" || typeof value === "bigint") return inputs.map(() => scalar(value, "baselines"));
  if (isTensorLike(value)) {
    if (inputs.length !== 1) {
      fail("BASELINE_COUNT", `baselines is one tensor for ${inputs.length} inputs; pass an array with one baseline per input`);
    }
    return [tensorBaseline(value, inputs[0], "baselines")];
  }
  if (!Array.isArray(value)) {
    fail("INVALID_BASELINE", `baselines must be a number, a tensor-like or an array of those (one per input), got ${describe(value)}`);
  }
  if (value.length !== inputs.length) {
    fail("BASELINE_COUNT", `baselines gives ${value.length} entries for ${inputs.length} input(s); pass one per input`);
  }
  return dense(value).map((entry, index) => {
    const name = `baselines[${index}]`;
    if (typeof entry === "number" || typeof entry === "bigint") return scalar(entry, name);
    if (isTensorLike(entry)) return tensorBaseline(entry, inputs[index], name);
    return fail("INVALID_BASELINE", `${name} must be a number or a tensor-like, got ${describe(entry)}`);
  });
}

function scalar(value: number | bigint, name: string): Given {
  return { kind: "scalar", value, name };
}

// A float input's batches are float32: 3.5e38 is finite here but Infinity there. A bigint
// or a large integer is cast to float32, as Captum casts an integer baseline for a float input.
function checkFloat32(value: number | bigint, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(Math.fround(number))) fail("INVALID_BASELINE", `${name} must be a finite float32 number, got ${describe(value)}`);
  return number;
}

function tensorBaseline(value: unknown, input: Shaped, name: string): Given {
  const { data, shape } = readTensorLike(value, name, "INVALID_BASELINE");
  // Copied at call time: a caller changing its array while the run goes on changes nothing.
  return { kind: "tensor", data: (data as Float32Array).slice() as NumericArray, sourceStrides: broadcastStrides(shape, input.shape, name), name };
}

/** Element strides that read a `shape` array as if it had `target`'s shape (0 where broadcast). */
export function broadcastStrides(shape: number[], target: number[], name: string): number[] {
  const mismatch = () =>
    fail("BASELINE_SHAPE", `${name} has shape ${listText(shape)}, which does not broadcast to the input's shape ${listText(target)} (each dimension, right-aligned, must equal the input's or be 1)`);
  if (shape.length > target.length) mismatch();
  const offset = target.length - shape.length;
  return target.map((size, dim) => {
    if (dim < offset) return 0;
    const own = shape[dim - offset];
    if (own !== size && own !== 1) mismatch();
    return own === 1 && size !== 1 ? 0 : product(shape.slice(dim - offset + 1));
  });
}
