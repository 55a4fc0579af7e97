// Captum's baselines: a number, a tensor broadcastable to the input (NumPy rules,
// right-aligned: each baseline dimension equals the input's or is 1), or one of
// those per input. Tensor baselines are expanded by the kernel; here they are only
// checked and described by their broadcast strides.
import { dense } from "../arrays.ts";
import { describe, fail } from "../errors.ts";
import { isTensorLike, product, readTensorLike, type NumericArray } from "../tensor.ts";

type Shaped = { shape: number[] };

export type Baseline =
  | { kind: "scalar"; value: number }
  | { kind: "tensor"; data: NumericArray; sourceStrides: number[]; name: string };

export function normalizeBaselines(value: unknown, inputs: Shaped[]): Baseline[] {
  if (value === undefined || value === null) return inputs.map(() => scalar(0, "baselines"));
  if (typeof value === "number") return inputs.map(() => scalar(value, "baselines"));
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
    if (typeof entry === "number") return scalar(entry, name);
    if (isTensorLike(entry)) return tensorBaseline(entry, inputs[index], name);
    return fail("INVALID_BASELINE", `${name} must be a number or a tensor-like, got ${describe(entry)}`);
  });
}

function scalar(value: number, name: string): Baseline {
  // The kernel works in float32: 3.5e38 is finite here but Infinity there.
  if (!Number.isFinite(Math.fround(value))) fail("INVALID_BASELINE", `${name} must be a finite float32 number, got ${describe(value)}`);
  return { kind: "scalar", value };
}

function tensorBaseline(value: unknown, input: Shaped, name: string): Baseline {
  const { data, shape } = readTensorLike(value, name, "INVALID_BASELINE");
  return { kind: "tensor", data, sourceStrides: broadcastStrides(shape, input.shape, name), name };
}

/** Element strides that read a `shape` array as if it had `target`'s shape (0 where broadcast). */
export function broadcastStrides(shape: number[], target: number[], name: string): number[] {
  const mismatch = () =>
    fail("BASELINE_SHAPE", `${name} has shape [${shape}], which does not broadcast to the input's shape [${target}] (each dimension, right-aligned, must equal the input's or be 1)`);
  if (shape.length > target.length) mismatch();
  const offset = target.length - shape.length;
  return target.map((size, dim) => {
    if (dim < offset) return 0;
    const own = shape[dim - offset];
    if (own !== size && own !== 1) mismatch();
    return own === 1 && size !== 1 ? 0 : product(shape.slice(dim - offset + 1));
  });
}
