// Property: for random valid calls (ranks 1-5, batch 1-3, 1-3 inputs, random windows and
// strides, every baseline/target/stride/window argument form, perturbationsPerEval from 1
// to beyond the window count, sync and async forwards, concurrency 1-3) the library
// equals the plain dense-mask reference of tests/support/reference.ts.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type AttributeOptions, type Tensor } from "../src/index.ts";
import { scenario, type Scenario } from "./support/scenarios.ts";
import { referenceOcclusion } from "./support/reference.ts";

const RUNS = 500;

function compare(actual: Tensor[], expected: { data: Float32Array; shape: number[] }[]): void {
  assert.is(actual.length, expected.length);
  actual.forEach((tensor, index) => {
    assert.equal(tensor.shape, expected[index].shape, `shape of attribution ${index}`);
    for (let element = 0; element < tensor.data.length; element++) {
      const want = expected[index].data[element];
      if (Math.abs(tensor.data[element] - want) > 1e-6 + 1e-6 * Math.abs(want)) {
        assert.unreachable(`attribution ${index}[${element}] = ${tensor.data[element]}, reference ${want}`);
      }
    }
  });
}

async function runLibrary(s: Scenario): Promise<Tensor[]> {
  const occlusion = new Occlusion(s.async ? s.asyncForward : s.forward);
  const inputs = s.isTuple ? s.inputs : s.inputs[0];
  const options: AttributeOptions = s.options;
  const result = s.async ? await occlusion.attribute(inputs, options) : occlusion.attributeSync(inputs, options);
  return Array.isArray(result) ? result : [result];
}

test.before(async () => {
  await init();
});

test(`matches the dense-mask reference on ${RUNS} random calls`, async () => {
  await fc.assert(
    fc.asyncProperty(scenario(), async (s) => {
      compare(await runLibrary(s), referenceOcclusion(s.reference));
    }),
    { numRuns: RUNS },
  );
});

test("batching and concurrency do not change results (bit for bit)", async () => {
  await fc.assert(
    fc.asyncProperty(scenario(), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), async (s, ppe, concurrency) => {
      if (s.aggregate) return;
      const base = await runLibrary({ ...s, async: true, options: { ...s.options, perturbationsPerEval: 1, concurrency: 1 } });
      const other = await runLibrary({ ...s, async: true, options: { ...s.options, perturbationsPerEval: ppe, concurrency } });
      base.forEach((tensor, index) => assert.equal(Array.from(other[index].data), Array.from(tensor.data)));
    }),
    { numRuns: 100 },
  );
});

test.run();
