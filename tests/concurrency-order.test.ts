// concurrency keeps up to N forward calls in flight, each with its own batch buffer.
// Results must be bit for bit those of concurrency 1, whatever order the calls resolve
// in: fast-check's scheduler resolves pending calls in a seeded shuffled order, and the
// model reads its tensors only when its call resolves (so a buffer rewritten while held
// would change the result).
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type Tensor, type ForwardFunction } from "../src/index.ts";
import { scenario, type Scenario } from "./support/scenarios.ts";

test.before(async () => {
  await init();
});

async function attribute(s: Scenario, forward: (...args: unknown[]) => unknown, concurrency: number): Promise<Tensor[]> {
  const inputs = s.isTuple ? s.inputs : s.inputs[0];
  const result = await new Occlusion(forward as ForwardFunction).attribute(inputs, { ...s.options, concurrency });
  return Array.isArray(result) ? result : [result];
}

test("results are bit for bit those of concurrency 1 when calls resolve in a shuffled order", async () => {
  await fc.assert(
    fc.asyncProperty(scenario(), fc.integer({ min: 2, max: 5 }), fc.scheduler(), async (s, concurrency, scheduler) => {
      const expected = await attribute(s, s.forward, 1);
      let inFlight = 0;
      let most = 0;
      const shuffled = (...args: unknown[]) => {
        most = Math.max(most, ++inFlight);
        return scheduler.schedule(Promise.resolve()).then(() => {
          inFlight--;
          return s.forward(...args); // reads the batch now, when the call resolves
        });
      };
      const actual = await scheduler.waitFor(attribute(s, shuffled, concurrency));
      assert.ok(most <= concurrency, `at most ${concurrency} calls in flight, saw ${most}`);
      actual.forEach((tensor, index) => {
        assert.equal(tensor.shape, expected[index].shape);
        const same = tensor.data.every((value, element) => Object.is(value, expected[index].data[element]));
        assert.ok(same, `attribution ${index} differs from concurrency 1`);
      });
    }),
    { numRuns: 200 },
  );
});

test("up to `concurrency` calls are in flight at once, and the next batch is written while others run", async () => {
  const input = { data: Float32Array.from({ length: 2 * 6 * 6 }, (_, index) => index % 7), shape: [2, 6, 6] };
  let inFlight = 0;
  let most = 0;
  const started: number[] = [];
  const forward = async (batch: Tensor) => {
    started.push(inFlight);
    most = Math.max(most, ++inFlight);
    const out = Float32Array.from({ length: batch.shape[0] }, (_, row) => batch.data[row * 36 + 14]);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight--;
    return out;
  };
  await new Occlusion(forward).attribute(input, { slidingWindowShapes: [2, 2], strides: [2, 2], concurrency: 4 });
  assert.is(most, 4, "four calls ran at once");
  // After the first batches, each new call starts while three others are still out.
  assert.ok(started.filter((count) => count === 3).length >= 4, `calls started with ${started} others in flight`);
});

test.run();
