// NaN and Infinity in input data and forward outputs propagate as in Captum (policy in
// docs/robustness.md): the reference computes occluded inputs and sums the way Captum
// does (x * (1 - mask) + baseline * mask; sum of difference * mask), so NaN * 0 = NaN
// decides where non-finite values land, and the library must agree value for value.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type Tensor } from "../src/index.ts";
import { referenceOcclusion, type DenseTensor } from "./support/reference.ts";
import { scenario, type OutputHook, type Scenario } from "./support/scenarios.ts";

/** Equal as Captum's results would be: same NaN positions, same infinities, finite values within 1e-6. */
function sameValues(actual: Float32Array, expected: Float32Array, label: string): void {
  assert.is(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Number.isFinite(e) ? Math.abs(a - e) <= 1e-6 + 1e-6 * Math.abs(e) : a === e;
    if (!ok) assert.unreachable(`${label}[${i}] = ${a}, Captum's rule gives ${e}`);
  }
}

async function attribute(s: Scenario): Promise<Tensor[]> {
  const occlusion = new Occlusion(s.async ? s.asyncForward : s.forward);
  const inputs = s.isTuple ? s.inputs : s.inputs[0];
  const result = s.async ? await occlusion.attribute(inputs, s.options) : occlusion.attributeSync(inputs, s.options);
  return Array.isArray(result) ? result : [result];
}

function check(actual: Tensor[], s: Scenario): void {
  referenceOcclusion(s.reference).forEach((expected, index) => {
    assert.equal(actual[index].shape, expected.shape);
    sameValues(actual[index].data, expected.data, `attribution ${index}`);
  });
}

/** Per example: [sum of the first two values, sum of the rest]. */
const halves = (input: Tensor): Tensor => {
  const rows = input.shape[0];
  const length = input.data.length / rows;
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < input.data.length; i++) out[Math.floor(i / length) * 2 + (i % length < 2 ? 0 : 1)] += input.data[i];
  return { data: out, shape: [rows, 2] };
};

const sumsOf = (s: Float32Array, row: number) => Array.from(s.subarray(row * 6, row * 6 + 6));

test.before(async () => {
  await init();
});

test("a NaN input element makes NaN exactly the rows of outputs that read it; the others stay finite", async () => {
  const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6, 1, 1, 1, 1, 1, 1]), shape: [2, 6] };
  x.data[4] = NaN; // example 0, read by its second output only
  const [attr] = [await new Occlusion(halves).attribute(x, { slidingWindowShapes: [2] })];
  assert.ok(sumsOf(attr.data, 1).every(Number.isNaN), "row of example 0, output 1: all NaN");
  for (const row of [0, 2, 3]) assert.ok(sumsOf(attr.data, row).every(Number.isFinite), `row ${row} finite`);
  assert.equal(sumsOf(attr.data, 0), [3, 2.5, 1, 0, 0, 0]);
});

test("a forward output of Infinity propagates: ±Infinity where all its windows overlap, NaN elsewhere in that row", async () => {
  const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [1, 6] };
  // Infinite whenever element 3 is occluded (set to the baseline -9).
  const forward = (input: Tensor) => ({ data: Float32Array.of(input.data[3] === -9 ? Infinity : input.data.reduce((a, b) => a + b)), shape: [1] });
  const attr = await new Occlusion(forward).attribute(x, { slidingWindowShapes: [3], baselines: -9 });
  assert.equal(Array.from(attr.data), [NaN, NaN, NaN, -Infinity, NaN, NaN]);
});

test("a finite difference that overflows float32 counts as Infinity, as in Captum's float32 arithmetic", async () => {
  const x = { data: Float32Array.from([1, 2, 3]), shape: [1, 3] };
  const forward = (input: Tensor) => Float32Array.of(input.data[1] === -9 ? -3e38 : 3e38);
  const attr = await new Occlusion(forward).attribute(x, { slidingWindowShapes: [1], baselines: -9 });
  assert.equal(Array.from(attr.data), [NaN, Infinity, NaN]);
});

test("an infinite unperturbed output makes its row NaN (Infinity - Infinity) and leaves other rows finite", async () => {
  const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
  const forward = (input: Tensor) => {
    const out = halves(input);
    for (let row = 0; row < input.shape[0]; row++) out.data[row * 2 + 1] = row % 2 === 1 ? Infinity : out.data[row * 2 + 1];
    return out;
  };
  const attr = await new Occlusion(forward).attribute(x, { slidingWindowShapes: [1] });
  assert.ok(Array.from(attr.data.subarray(9, 12)).every(Number.isNaN), "example 1, output 1");
  assert.ok(Array.from(attr.data.subarray(0, 9)).every(Number.isFinite), "the other rows");
});

// Deterministic poison: a row's outputs become ±Infinity or NaN depending on its input values only.
const poison: OutputHook = (out, width, inputs: DenseTensor[]) => {
  const rows = out.length / width;
  for (let row = 0; row < rows; row++) {
    let hash = 0;
    for (const input of inputs) {
      const length = input.data.length / rows;
      for (let i = 0; i < length; i++) hash = (hash * 31 + Math.round(input.data[row * length + i] * 2) + 7) % 1009;
    }
    if (hash % 4 === 0) out[row * width + (hash % width)] = [Infinity, -Infinity, NaN][hash % 3];
  }
};

test("matches Captum's NaN/Infinity results on 150 random calls with poisoned outputs", async () => {
  await fc.assert(fc.asyncProperty(scenario(poison), async (s) => check(await attribute(s), s)), { numRuns: 150 });
});

test("matches Captum's results on 150 random calls with a NaN in the input data", async () => {
  await fc.assert(fc.asyncProperty(scenario(), fc.nat(), async (s, at) => {
    const input = s.inputs[at % s.inputs.length];
    input.data[at % input.data.length] = NaN;
    check(await attribute(s), s);
  }), { numRuns: 150 });
});

test.run();
