// A short soak (the long one is `npm run soak`): 300 attributions of varied shapes,
// with failures and aborts, in this process. After the first 20 runs, kernel instances
// and the wasm memory they hold must not change, and the JS heap (after a full GC, where
// V8 lets us trigger one) must stay within a small margin.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { exposeGc, soak, type Sample } from "../bench/soak-loop.ts";

const RUNS = 300;
const HEAP_MARGIN = 4 * 2 ** 20;

test(`${RUNS} varied runs leave kernel instances, wasm memory and the JS heap where they were after 20`, async () => {
  const gc = await exposeGc();
  const samples: Sample[] = [];
  await soak(RUNS, 20, (sample) => samples.push(sample), gc);
  const [first, ...rest] = samples;
  assert.ok(rest.length >= 10);
  for (const sample of rest) {
    const label = `after ${sample.run} runs`;
    assert.is(sample.inUse, 0, `${label}: no instance in use`);
    assert.is(sample.created, first.created, `${label}: no instance created`);
    assert.is(sample.idle, first.idle, `${label}: idle instances`);
    assert.is(sample.idleBytes, first.idleBytes, `${label}: wasm memory held by idle instances`);
    if (gc) assert.ok(sample.heapUsed <= first.heapUsed + HEAP_MARGIN, `${label}: heap ${sample.heapUsed} vs ${first.heapUsed}`);
  }
});

test.run();
