// The batches forward receives are updated in place (each copy restores the window it
// held and writes the next one); they must equal batches rebuilt from scratch with
// dense window masks, for random shapes, baselines, perturbationsPerEval and concurrency.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type Tensor } from "../src/index.ts";
import { masksOf, rebuiltBatch } from "./support/batches.ts";
import { scenario, type Scenario } from "./support/scenarios.ts";

test.before(async () => {
  await init();
});

/** Runs the scenario and returns a copy of the inputs of every forward call, in call order. */
async function recordCalls(s: Scenario): Promise<Float32Array[][]> {
  const calls: Float32Array[][] = [];
  const record = (args: unknown[]) => calls.push(args.slice(0, s.inputs.length).map((arg) => Float32Array.from((arg as Tensor).data)));
  const sync = (...args: unknown[]) => (record(args), s.forward(...args));
  const async = async (...args: unknown[]) => (record(args), s.forward(...args));
  const inputs = s.isTuple ? s.inputs : s.inputs[0];
  if (s.async) await new Occlusion(async).attribute(inputs, s.options);
  else new Occlusion(sync).attributeSync(inputs, s.options);
  return calls;
}

function equalBits(actual: Float32Array, expected: Float32Array, label: string): void {
  assert.is(actual.length, expected.length, `${label}: length`);
  for (let index = 0; index < actual.length; index++) {
    if (!Object.is(actual[index], expected[index])) assert.unreachable(`${label}[${index}] = ${actual[index]}, rebuilt ${expected[index]}`);
  }
}

test("every batch forward receives equals the batch rebuilt from scratch with window masks", async () => {
  await fc.assert(
    fc.asyncProperty(scenario(), async (s) => {
      const calls = await recordCalls(s);
      const masks = masksOf(s.reference);
      const ppe = (s.options.perturbationsPerEval as number | undefined) ?? 1;
      s.inputs.forEach((input, index) => equalBits(calls[0][index], input.data, `unperturbed input ${index}`));
      for (let batch = 0; batch + 1 < calls.length; batch++) {
        const expected = rebuiltBatch(s.reference, masks, ppe, batch);
        expected.forEach((data, index) => equalBits(calls[batch + 1][index], data, `batch ${batch} input ${index}`));
      }
      const windows = masks.reduce((sum, list) => sum + list.length, 0);
      assert.is(calls.length, 1 + Math.ceil(windows / ppe), "one call per batch plus the unperturbed one");
    }),
    { numRuns: 300 },
  );
});

test("a second run on the same kernel instance starts from clean batch buffers", async () => {
  await fc.assert(
    fc.asyncProperty(scenario(), scenario(), async (first, second) => {
      await recordCalls(first);
      const calls = await recordCalls(second);
      const masks = masksOf(second.reference);
      const ppe = (second.options.perturbationsPerEval as number | undefined) ?? 1;
      for (let batch = 0; batch + 1 < calls.length; batch++) {
        rebuiltBatch(second.reference, masks, ppe, batch).forEach((data, index) => equalBits(calls[batch + 1][index], data, `batch ${batch}`));
      }
    }),
    { numRuns: 50 },
  );
});

test.run();
