// Property: for random FeatureAblation calls (1-3 inputs of rank 2-4, batch 1-3, float,
// int32 or int64 data, masks [1, ...] / [B, ...] / broadcast dims / lower rank / none,
// sparse ids shared across inputs (stored as int64, int32, uint8, float64, float32 or a
// plain array, small or just below 2^53), scalar and tensor baselines, perturbationsPerEval
// beyond the feature count, concurrency 1-3, sync and async) the library equals the
// plain dense reference of tests/support/ablation-reference.ts, with Captum's call count.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, init, type Tensor } from "../src/index.ts";
import { referenceAblation } from "./support/ablation-reference.ts";

const RUNS = 300;

const shapeArb = fc.integer({ min: 1, max: 3 }).chain((rank) => fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }));

const caseArb = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  shapes: fc.array(shapeArb, { minLength: 1, maxLength: 3 }),
  dtype: fc.constantFrom("float32", "int32", "int64"),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  ppe: fc.integer({ min: 1, max: 7 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  async: fc.boolean(),
  noMask: fc.boolean(),
  // How the mask ids are stored (the kernel reads each encoding), and whether they sit just below 2^53.
  maskType: fc.constantFrom("int64", "int32", "uint8", "float64", "float32", "array"),
  high: fc.boolean(),
});

/** Ids 0..20 in the encoding `type`; `high` moves them to 2^53 - 21 .. 2^53 - 1 (same order) where the encoding holds that. */
function encodeMask(type: string, high: boolean, ids: number[]) {
  const shift = high && (type === "int64" || type === "float64" || type === "array") ? 2 ** 53 - 21 : 0;
  const shifted = ids.map((id) => id + shift);
  switch (type) {
    case "int64": return BigInt64Array.from(shifted, BigInt);
    case "int32": return Int32Array.from(shifted);
    case "uint8": return Uint8Array.from(shifted);
    case "float64": return Float64Array.from(shifted);
    case "float32": return Float32Array.from(shifted);
    default: return shifted;
  }
}

function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

type Arr = Float32Array | Int32Array | BigInt64Array;
const make = (dtype: string, values: number[]): Arr =>
  dtype === "int64" ? BigInt64Array.from(values, BigInt) : dtype === "int32" ? Int32Array.from(values) : Float32Array.from(values);

test.before(async () => {
  await init();
});

test(`FeatureAblation matches the dense reference on ${RUNS} random calls`, async () => {
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      const rnd = random(c.seed);
      const shapes = c.shapes.map((sizes) => [c.batch, ...sizes]);
      const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
      const inputs = shapes.map((shape) => ({ data: Array.from({ length: size(shape) }, () => rnd(9) - 4), shape }));
      const perExample = c.batch > 1 && rnd(3) === 0;
      const masks = shapes.map((shape) => {
        let maskShape = shape.map((n, dim) => (dim === 0 ? (perExample ? n : 1) : rnd(3) === 0 ? 1 : n));
        if (!perExample && rnd(4) === 0) maskShape = maskShape.slice(1); // lower rank, right-aligned
        return { data: Array.from({ length: size(maskShape) }, () => [0, 3, 7, 8, 20][rnd(5)]), shape: maskShape };
      });
      const defaultMasks = (() => {
        let first = 0;
        return shapes.map((shape) => {
          const n = size(shape.slice(1));
          const mask = { data: Array.from({ length: n }, (_, p) => first + p), shape: [1, ...shape.slice(1)] };
          first += n;
          return mask;
        });
      })();
      const tensorBaseline = shapes.map(() => rnd(2) === 0);
      const baselineValues = shapes.map((shape, index) => tensorBaseline[index]
        ? Array.from({ length: size(shape.slice(1)) }, () => rnd(7) - 3) : [rnd(5) - 2]);
      const fullBaselines = shapes.map((shape, index) => Array.from({ length: size(shape) }, (_, p) =>
        tensorBaseline[index] ? baselineValues[index][p % size(shape.slice(1))] : baselineValues[index][0]));
      const weights = shapes.map((shape) => Array.from({ length: 2 * size(shape.slice(1)) }, () => rnd(7) - 3));
      const target = perExample ? 1 : rnd(2) === 0 ? null : 0;
      // The model: two outputs per example, integer weights (exact in float32).
      const outputs = (data: number[][], rows: number) => {
        const y: number[] = [];
        for (let row = 0; row < rows; row++) {
          for (let k = 0; k < 2; k++) {
            let sum = 0;
            data.forEach((values, index) => {
              const n = values.length / rows;
              for (let f = 0; f < n; f++) sum += values[row * n + f] * weights[index][k * n + f];
            });
            y.push(sum);
          }
        }
        return y;
      };
      const select = (y: number[]) => (target === null ? y : y.filter((_, i) => i % 2 === target));
      const expected = referenceAblation({
        inputs, masks: c.noMask ? defaultMasks : masks, baselines: fullBaselines, batchSize: c.batch,
        forward: (data) => select(outputs(data, c.batch)),
      });
      const calls: number[] = [];
      const forward = (...args: unknown[]) => {
        const tensors = args as { data: Arr; shape: number[] }[];
        tensors.forEach((tensor, index) => assert.is(tensor.data.constructor, index === 0 ? make(c.dtype, []).constructor : Float32Array));
        const rows = tensors[0].shape[0];
        calls.push(rows);
        const y = outputs(tensors.map((tensor) => Array.from(tensor.data as ArrayLike<number | bigint>, Number)), rows);
        const result = { data: Float32Array.from(y), shape: [rows, 2] };
        return c.async ? Promise.resolve(result) : result;
      };
      const jsInputs = inputs.map((input, index) => ({ data: index === 0 ? make(c.dtype, input.data) : Float32Array.from(input.data), shape: input.shape }));
      const options = {
        featureMask: c.noMask ? undefined : masks.map((mask) => ({ data: encodeMask(c.maskType, c.high, mask.data), shape: mask.shape })),
        baselines: shapes.map((shape, index) => tensorBaseline[index]
          ? { data: index === 0 ? make(c.dtype, baselineValues[index]) : Float32Array.from(baselineValues[index]), shape: [1, ...shape.slice(1)] }
          : baselineValues[index][0]),
        target, perturbationsPerEval: c.ppe, concurrency: c.concurrency,
      };
      const method = new FeatureAblation(forward);
      const result = (c.async ? await method.attribute(jsInputs, options) : method.attributeSync(jsInputs, options)) as Tensor[];
      const features = new Set((c.noMask ? defaultMasks : masks).flatMap((mask) => mask.data)).size;
      assert.is(calls.length, 1 + Math.ceil(features / c.ppe), "forward calls");
      result.forEach((tensor, index) => {
        assert.equal(tensor.shape, expected[index].shape);
        assert.equal(Array.from(tensor.data), Array.from(expected[index].data), `attribution ${index}`);
      });
    }),
    { numRuns: RUNS },
  );
});

test.run();
