// Concurrent runs on one Occlusion: 8 attribute calls at once, each with its own
// concurrency, and forward calls that resolve in random order, give results bit for bit
// equal to the same calls made one after another.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type Tensor } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { untilReleased } from "./support/bad-calls.ts";
import { scenario, type Scenario } from "./support/scenarios.ts";

const RUNS = 8;

/** Calls the scenario's model of whichever run it belongs to (the last argument says which), after a random delay. */
function shuffledForward(scenarios: Scenario[], random: () => number) {
  return async (...args: unknown[]) => {
    const which = args[args.length - 1] as number;
    await new Promise((resolve) => setTimeout(resolve, random() * 4));
    return scenarios[which].forward(...args.slice(0, -1));
  };
}

function call(occlusion: Occlusion, s: Scenario, which: number, concurrency: number): Promise<Tensor[]> {
  const extra = s.options.additionalForwardArgs === undefined ? [] : (s.options.additionalForwardArgs as unknown[]);
  const options = { ...s.options, additionalForwardArgs: [...extra, which], concurrency };
  const result = occlusion.attribute(s.isTuple ? s.inputs : s.inputs[0], options);
  return result.then((value) => (Array.isArray(value) ? value : [value]));
}

test.before(async () => {
  await init();
});

test(`${RUNS} concurrent attribute calls with randomly ordered forwards equal sequential runs, bit for bit`, async () => {
  for (let seed = 0; seed < 6; seed++) {
    const scenarios = fc.sample(scenario().filter((s) => !s.aggregate), { numRuns: RUNS, seed });
    assert.is(scenarios.length, RUNS);
    let state = seed + 1;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const occlusion = new Occlusion(shuffledForward(scenarios, random));
    const sequential: Tensor[][] = [];
    for (const [which, s] of scenarios.entries()) sequential.push(await call(occlusion, s, which, 1));
    const concurrent = await Promise.all(scenarios.map((s, which) => call(occlusion, s, which, 1 + (which % 4))));
    concurrent.forEach((tensors, which) => tensors.forEach((tensor, index) => {
      assert.equal(tensor.shape, sequential[which][index].shape);
      assert.equal(Array.from(tensor.data), Array.from(sequential[which][index].data), `run ${which}, attribution ${index}`);
    }));
    await untilReleased(() => kernelStats().inUse);
  }
});

test.run();
