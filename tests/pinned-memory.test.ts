// Nothing pinned: 100 runs aborted while their forward promise never settles (and keeps
// no views of its batch) grow the process by less than 100 MiB once garbage is
// collected. Each run holds a 4 MiB input and its batches; before runs retired their
// kernel instances, such runs kept about 20 MiB each until the promise settled.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, OcclusionError, init, type Tensor } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collect(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("100 aborted runs with a never-settling forward grow the process by < 100 MiB after GC", async () => {
  await init();
  const x: Tensor = { data: new Float32Array(1 << 20), shape: [1, 1024, 1024] }; // 4 MiB
  await collect();
  const before = process.memoryUsage().rss;
  for (let run = 0; run < 100; run++) {
    const controller = new AbortController();
    let calls = 0;
    // The unperturbed call answers; every batch call returns a promise that never settles.
    const forward = (t: Tensor) => (calls++ === 0 ? { data: new Float32Array(t.shape[0]), shape: [t.shape[0]] } : new Promise<never>(() => undefined));
    const pending = new Occlusion(forward).attribute(x, { slidingWindowShapes: [64, 64], strides: [64, 64], perturbationsPerEval: 4, signal: controller.signal });
    while (calls < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    const error = await pending.then(() => null, (caught: unknown) => caught);
    assert.ok(error instanceof OcclusionError && error.code === "ABORTED", String(error));
  }
  assert.is(kernelStats().inUse, 0, "no instance in use");
  await collect();
  const growth = (process.memoryUsage().rss - before) / 2 ** 20;
  assert.ok(growth < 100, `grew by ${growth.toFixed(1)} MiB`);
});

test.run();
