// fast-check generators of valid occlusion calls: the canonical problem (inputs, windows,
// strides, baselines, model, target) and one of the argument forms a user could write for
// it, plus the same problem in the reference's canonical terms.
import fc from "fast-check";
import type { AttributeOptions, Tensor } from "../../src/index.ts";
import type { DenseTensor, ReferenceCall } from "./reference.ts";

export interface Scenario {
  inputs: Tensor[];
  isTuple: boolean;
  options: AttributeOptions;
  forward: (...args: unknown[]) => Tensor;
  asyncForward: (...args: unknown[]) => Promise<Tensor>;
  async: boolean;
  aggregate: boolean;
  reference: ReferenceCall;
}

const product = (values: number[]) => values.reduce((a, b) => a * b, 1);
const smallValue = fc.integer({ min: -6, max: 6 }).map((v) => v / 2);

interface InputSpec { sizes: number[]; window: number[]; strides: number[]; data: number[]; baseline: BaselineSpec }
type BaselineSpec = { form: "default" } | { form: "scalar"; value: number } | { form: "tensor"; shape: number[]; data: number[] };

function inputSpec(batch: number): fc.Arbitrary<InputSpec> {
  return fc.integer({ min: 0, max: 4 }).chain((rank) =>
    fc.array(fc.integer({ min: 1, max: rank > 2 ? 3 : 5 }), { minLength: rank, maxLength: rank }).chain((sizes) =>
      fc.tuple(
        fc.tuple(...sizes.map((size) => fc.integer({ min: 1, max: size }))),
        fc.array(smallValue, { minLength: batch * product(sizes), maxLength: batch * product(sizes) }),
        baselineSpec(batch, sizes),
      ).chain(([window, data, baseline]) =>
        fc.tuple(...sizes.map((size, dim) => fc.integer({ min: 1, max: window[dim] < size ? window[dim] : 4 })))
          .map((strides) => ({ sizes, window, strides, data, baseline }))),
    ));
}

function baselineSpec(batch: number, sizes: number[]): fc.Arbitrary<BaselineSpec> {
  const full = [batch, ...sizes];
  const tensorOf = (shape: number[]) => fc.array(smallValue, { minLength: product(shape), maxLength: product(shape) })
    .map((data): BaselineSpec => ({ form: "tensor", shape, data }));
  return fc.oneof(
    fc.constant<BaselineSpec>({ form: "default" }),
    smallValue.map((value): BaselineSpec => ({ form: "scalar", value })),
    tensorOf(full),
    tensorOf([1, ...sizes]),
    tensorOf(sizes.length ? sizes : [batch]),
    fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length })
      .chain((ones) => tensorOf(full.map((size, dim) => (ones[dim] ? 1 : size)))),
  );
}

/** Expands a baseline to the input's full shape (NumPy broadcasting), for the reference. */
function expandBaseline(spec: BaselineSpec, full: number[]): Float32Array {
  const out = new Float32Array(product(full));
  if (spec.form !== "tensor") return out.fill(spec.form === "scalar" ? spec.value : 0);
  const offset = full.length - spec.shape.length;
  for (let element = 0; element < out.length; element++) {
    let rest = element;
    let source = 0;
    let sourceStride = 1;
    for (let dim = full.length - 1; dim >= 0; dim--) {
      const x = rest % full[dim];
      rest = Math.floor(rest / full[dim]);
      if (dim < offset) continue;
      const own = spec.shape[dim - offset];
      source += (own === 1 ? 0 : x) * sourceStride;
      sourceStride *= own;
    }
    out[element] = spec.data[source];
  }
  return out;
}

function baselineArg(spec: BaselineSpec): number | Tensor {
  if (spec.form === "tensor") return { data: Float32Array.from(spec.data), shape: spec.shape };
  return spec.form === "scalar" ? spec.value : 0;
}

interface ModelSpec { outShape: number[]; aggregate: boolean; weights: number[][]; extra: boolean }

/** Per example: y = relu(z) + z / 2 with z = W x (all inputs flattened), shaped to outShape; extra: y * scale[row] + 1. */
/** Rewrites a model's output in place (before aggregation), seeing the inputs of the call: for NaN/Infinity tests. */
export type OutputHook = (out: Float32Array, width: number, inputs: DenseTensor[]) => void;

function model(spec: ModelSpec, inputCount: number, hook?: OutputHook) {
  return (...args: unknown[]): Tensor => {
    const inputs = args.slice(0, inputCount) as DenseTensor[];
    const rows = inputs[0].shape[0];
    const width = product(spec.outShape);
    const out = new Float32Array(rows * width);
    for (let row = 0; row < rows; row++) {
      const features = inputs.flatMap((input) => Array.from(input.data.subarray(row * (input.data.length / rows), (row + 1) * (input.data.length / rows))));
      for (let k = 0; k < width; k++) {
        const z = features.reduce((sum, value, f) => sum + value * spec.weights[k][f], 0);
        out[row * width + k] = Math.max(z, 0) + z / 2;
      }
    }
    if (spec.extra) {
      const scale = args[inputCount] as Tensor;
      for (let index = 0; index < out.length; index++) out[index] = out[index] * scale.data[Math.floor(index / width)] + (args[inputCount + 1] as number);
    }
    hook?.(out, width, inputs);
    if (spec.aggregate) return { data: Float32Array.of(out.reduce((a, b) => a + b, 0)), shape: [] };
    return { data: out, shape: [rows, ...spec.outShape] };
  };
}

type TargetPlan = { tuples: number[][] | null; arg: AttributeOptions["target"] };

function targetPlan(batch: number, outShape: number[], aggregate: boolean): fc.Arbitrary<TargetPlan> {
  const none = fc.constant<TargetPlan>({ tuples: null, arg: undefined });
  if (aggregate || outShape.length === 0) return none;
  const index = (dim: number) => fc.integer({ min: 0, max: outShape[dim] - 1 });
  const perExample = (arb: fc.Arbitrary<number[]>) => fc.array(arb, { minLength: batch, maxLength: batch });
  const forms: fc.Arbitrary<TargetPlan>[] = [
    none,
    index(0).map((t) => ({ tuples: Array(batch).fill([t]), arg: t })),
    perExample(index(0).map((t) => [t])).map((tuples) => ({ tuples, arg: tuples.map((tuple) => tuple[0]) })),
    index(0).map((t) => ({ tuples: Array(batch).fill([t]), arg: { data: Int32Array.of(t), shape: [1] } })),
  ];
  if (outShape.length === 1) {
    forms.push(perExample(index(0).map((t) => [t])).map((tuples) => ({
      tuples, arg: { data: Int32Array.from(tuples.map((tuple) => tuple[0])), shape: [batch] },
    })));
  } else {
    const pair = fc.tuple(index(0), index(1));
    forms.push(pair.map((tuple) => ({ tuples: Array(batch).fill(tuple), arg: [tuple] })));
    forms.push(perExample(pair).map((tuples) => ({ tuples, arg: tuples })));
  }
  return fc.oneof(...forms);
}

/** The reference's own target selection: per row, index tuple then the remaining values. */
function selectForReference(output: Tensor, tuples: number[][] | null, batch: number): Float32Array {
  if (!tuples) return Float32Array.from(output.data);
  const outShape = output.shape.slice(1);
  const rowLength = product(outShape);
  const picked: number[] = [];
  for (let row = 0; row < output.shape[0]; row++) {
    const tuple = tuples[row % batch];
    const offset = tuple.reduce((sum, t, dim) => sum + t * product(outShape.slice(dim + 1)), 0);
    const tail = product(outShape.slice(tuple.length));
    for (let k = 0; k < tail; k++) picked.push(output.data[row * rowLength + offset + k]);
  }
  return Float32Array.from(picked);
}

function windowsArg(specs: InputSpec[], nested: boolean): AttributeOptions["slidingWindowShapes"] {
  return specs.length > 1 || nested ? specs.map((spec) => spec.window) : specs[0].window;
}

function stridesArg(specs: InputSpec[], form: number): AttributeOptions["strides"] {
  const uniform = (strides: number[]) => strides.length > 0 && strides.every((s) => s === strides[0]);
  const entry = (spec: InputSpec) => (uniform(spec.strides) && form % 2 === 0 ? spec.strides[0] : spec.strides);
  if (specs.length > 1) return specs.map(entry);
  const strides = specs[0].strides;
  if (form === 0 && strides.every((s) => s === 1)) return undefined;
  if (form === 1 && uniform(strides)) return strides[0];
  if (form === 2 && uniform(strides)) return [strides[0]];
  if (form === 3) return [strides];
  return strides;
}

function baselinesArg(specs: InputSpec[], wrap: boolean): AttributeOptions["baselines"] {
  if (specs.every((spec) => spec.baseline.form === "default") && !wrap) return undefined;
  if (specs.length === 1 && !wrap) return baselineArg(specs[0].baseline);
  return specs.map((spec) => baselineArg(spec.baseline));
}

function modelSpec(specs: InputSpec[]): fc.Arbitrary<ModelSpec> {
  const features = specs.reduce((sum, spec) => sum + product(spec.sizes), 0);
  return fc.record({
    outShape: fc.constantFrom<number[]>([], [3], [2, 3]),
    aggregate: fc.boolean(),
    extra: fc.boolean(),
  }).chain(({ outShape, aggregate, extra }) =>
    fc.array(fc.array(fc.integer({ min: -2, max: 2 }), { minLength: features, maxLength: features }),
      { minLength: product(outShape), maxLength: product(outShape) })
      .map((weights) => ({ outShape, aggregate, extra, weights })));
}

export function scenario(hook?: OutputHook): fc.Arbitrary<Scenario> {
  return fc.record({ batch: fc.integer({ min: 1, max: 3 }), count: fc.integer({ min: 1, max: 3 }) })
    .chain(({ batch, count }) => fc.array(inputSpec(batch), { minLength: count, maxLength: count })
      .chain((specs) => modelSpec(specs).chain((modelPlan) => fc.record({
        target: targetPlan(batch, modelPlan.outShape, modelPlan.aggregate),
        scale: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: batch, maxLength: batch }),
        nestedWindows: fc.boolean(),
        strideForm: fc.integer({ min: 0, max: 4 }),
        wrapBaselines: fc.boolean(),
        isTuple: count > 1 ? fc.constant(true) : fc.boolean(),
        async: fc.boolean(),
        ppeBeyond: fc.integer({ min: 0, max: 2 }),
        ppeFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        concurrency: fc.integer({ min: 1, max: 3 }),
      }).map((choice) => build(batch, specs, modelPlan, choice, hook)))));
}

function build(batch: number, specs: InputSpec[], modelPlan: ModelSpec, choice: {
  target: TargetPlan; scale: number[]; nestedWindows: boolean; strideForm: number; wrapBaselines: boolean;
  isTuple: boolean; async: boolean; ppeBeyond: number; ppeFraction: number; concurrency: number;
}, hook?: OutputHook): Scenario {
  const inputs = specs.map((spec) => ({ data: Float32Array.from(spec.data), shape: [batch, ...spec.sizes] }));
  const windowCount = specs.reduce((sum, spec) => sum + product(spec.sizes.map((size, dim) => Math.ceil((size - spec.window[dim]) / spec.strides[dim]) + 1)), 0);
  const ppe = modelPlan.aggregate ? 1 : 1 + Math.floor(choice.ppeFraction * (windowCount + choice.ppeBeyond));
  const forward = model(modelPlan, specs.length, hook);
  const extra = modelPlan.extra ? [{ data: Float32Array.from(choice.scale), shape: [batch] }, 1] : [];
  const options: AttributeOptions = {
    slidingWindowShapes: windowsArg(specs, choice.nestedWindows),
    strides: stridesArg(specs, choice.strideForm),
    baselines: baselinesArg(specs, choice.wrapBaselines),
    target: choice.target.arg,
    perturbationsPerEval: ppe,
    concurrency: choice.concurrency,
  };
  if (modelPlan.extra) options.additionalForwardArgs = extra;
  return {
    inputs,
    isTuple: choice.isTuple,
    options,
    forward,
    asyncForward: async (...args) => forward(...args),
    async: choice.async,
    aggregate: modelPlan.aggregate,
    reference: {
      inputs,
      windows: specs.map((spec) => spec.window),
      strides: specs.map((spec) => spec.strides),
      baselines: specs.map((spec) => expandBaseline(spec.baseline, [batch, ...spec.sizes])),
      evaluate: (current) => selectForReference(forward(...current, ...extra), choice.target.tuples, batch),
    },
  };
}
