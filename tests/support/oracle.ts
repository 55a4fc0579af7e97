// For the fuzz test: the reference problem of an arbitrary call that the library
// accepted. The argument forms are read with the library's own normalizeCall (its
// interpretation of them is what conformance and property tests check); everything
// after that, the occlusion itself, baseline broadcasting and target selection, is
// computed by the plain dense-mask reference and the code here.
import { normalizeCall } from "../../src/methods/args.ts";
import { readForwardOutput } from "../../src/engine/forward-output.ts";
import type { Target } from "../../src/engine/target.ts";
import type { DenseTensor, ReferenceCall } from "./reference.ts";

const product = (values: number[]) => values.reduce((a, b) => a * b, 1);

export function oracleCall(forward: (...args: unknown[]) => unknown, inputs: unknown, options: unknown): ReferenceCall {
  const call = normalizeCall(inputs, options);
  const dense: DenseTensor[] = call.inputs.map((raw, index) => ({ data: Float32Array.from(call.inputData[index] as ArrayLike<number | bigint>, Number), shape: raw.shape }));
  return {
    inputs: dense,
    windows: call.plan.geometries.map((geometry) => geometry.window),
    strides: call.plan.geometries.map((geometry) => geometry.strides),
    baselines: call.baselines.map((baseline, index) => {
      const full = dense[index].shape;
      if (baseline.kind === "scalar") return new Float32Array(product(full)).fill(baseline.value);
      return expand(Array.from(baseline.data as ArrayLike<number | bigint>, Number), baseline.sourceStrides, full);
    }),
    evaluate: (current) => {
      const value = forward(...current, ...call.extraArgs.forCopies(1));
      if (value instanceof Promise) throw new Error("the oracle needs a synchronous forward");
      const output = readForwardOutput(value, "oracle");
      return select(Array.from(output.data as ArrayLike<number>), output.shape, call.target, call.plan.batchSize);
    },
  };
}

/** Element i of the full shape reads source offset sum(coordinate_d * sourceStride_d). */
function expand(source: number[], sourceStrides: number[], full: number[]): Float32Array {
  const out = new Float32Array(product(full));
  for (let element = 0; element < out.length; element++) {
    let rest = element;
    let offset = 0;
    for (let dim = full.length - 1; dim >= 0; dim--) {
      offset += (rest % full[dim]) * sourceStrides[dim];
      rest = Math.floor(rest / full[dim]);
    }
    out[element] = source[offset];
  }
  return out;
}

/** Target selection per row: the row's index tuple, then every remaining value. */
function select(data: number[], shape: number[], target: Target, batch: number): Float32Array {
  if (target.kind === "none") return Float32Array.from(data);
  const rowShape = shape.slice(1);
  const picked: number[] = [];
  for (let row = 0; row < shape[0]; row++) {
    const tuple = target.kind === "shared" ? target.index : target.indices[row % batch];
    let offset = row * product(rowShape);
    tuple.forEach((index, dim) => (offset += index * product(rowShape.slice(dim + 1))));
    const tail = product(rowShape.slice(tuple.length));
    for (let k = 0; k < tail; k++) picked.push(data[offset + k]);
  }
  return Float32Array.from(picked);
}
