// maxMemoryBytes bounds the wasm memory a run really uses, not only what it asks for:
// memory grows in whole 64 KiB pages, so the limit is checked on pages; a pooled
// instance that an earlier run grew beyond the limit is not handed to the run (wasm
// memory cannot shrink); and a limit below one page is refused, naming that minimum.
// The memory a run used is read from the batch views forward receives (their buffer is
// the instance's memory).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, init, type Tensor } from "../src/index.ts";
import { acquireKernel, kernelStats, releaseKernel } from "../src/wasm/kernel.ts";
import { WASM_PAGE_BYTES } from "../src/wasm/layout.ts";
import { input, model, rejectsWith } from "./support/bad-calls.ts";

const MiB = 2 ** 20;

/** A forward that records the largest instance memory its batch views live in. */
function observing() {
  let calls = 0;
  let memoryBytes = 0;
  const forward = (...args: unknown[]) => {
    // Call 0 is the unperturbed one: it receives JS-owned copies, not views.
    if (calls++ > 0) memoryBytes = Math.max(memoryBytes, (args[0] as Tensor).data.buffer.byteLength);
    return model(...args);
  };
  return { forward, calls: () => calls, memoryBytes: () => memoryBytes };
}

const BIG = input([1, 1024, 1024]);

/** A run that leaves a ~40 MiB instance in the pool (below its 64 MiB cap for idle instances). */
async function bigRun(): Promise<void> {
  let memoryBytes = 0;
  // Reads no data: the run is about its memory, not its result.
  const forward = (batch: Tensor) => ((memoryBytes = Math.max(memoryBytes, batch.data.buffer.byteLength)), new Float32Array(batch.shape[0]));
  await new Occlusion(forward).attribute(BIG, { slidingWindowShapes: [64, 64], strides: 64, perturbationsPerEval: 8 });
  assert.ok(memoryBytes >= 32 * MiB, `the big run used ${memoryBytes} bytes`);
  assert.ok(kernelStats().idleBytes >= 32 * MiB, "its instance went back to the pool");
}

/** The unperturbed call receives copies: a view's buffer is the run's instance memory. */
const SMALL = { x: input([2, 64, 64]), options: { slidingWindowShapes: [8, 8], strides: 8, perturbationsPerEval: 16 } };

test.before(async () => {
  await init();
});

test("maxMemoryBytes below one 64 KiB page: MEMORY_LIMIT naming 65536 bytes, before data is read or forward is called", async () => {
  const unread = { shape: [1, 4, 4], dataSync(): Float32Array { throw new Error("the data was read"); } };
  for (const maxMemoryBytes of [1, 8192, WASM_PAGE_BYTES - 1]) {
    const { forward, calls } = observing();
    const options = { slidingWindowShapes: [2, 2], maxMemoryBytes };
    await rejectsWith(() => new Occlusion(forward).attribute(unread, options), "MEMORY_LIMIT", new RegExp(`${maxMemoryBytes} bytes.*65536 bytes`));
    await rejectsWith(() => new Occlusion(forward).attributeSync(unread, options), "MEMORY_LIMIT", /smallest wasm memory a run can have: 65536 bytes/);
    assert.is(calls(), 0);
  }
});

test("the minimum is one page: a fresh instance has at most one page and the kernel's own data ends inside it (both builds)", async () => {
  for (const simd of [false, true]) {
    assert.is((await init({ simd })).simd, simd);
    const kernel = acquireKernel(0);
    try {
      assert.ok(kernel.memory.buffer.byteLength <= WASM_PAGE_BYTES, `a fresh instance has ${kernel.memory.buffer.byteLength} bytes of memory`);
      assert.ok(kernel.heapBase() > 0 && kernel.heapBase() < WASM_PAGE_BYTES, `heapBase ${kernel.heapBase()}`);
    } finally {
      releaseKernel(kernel);
    }
  }
});

test("maxMemoryBytes 65536: a tiny run fits in one page, even after a big run left its instance in the pool", async () => {
  await bigRun();
  const x = input([1, 4, 4]);
  const expected = await new Occlusion(model).attribute(x, { slidingWindowShapes: [2, 2] });
  for (const sync of [false, true]) {
    const { forward, memoryBytes } = observing();
    const occlusion = new Occlusion(forward);
    const options = { slidingWindowShapes: [2, 2], maxMemoryBytes: WASM_PAGE_BYTES };
    const result = sync ? occlusion.attributeSync(x, options) : await occlusion.attribute(x, options);
    assert.is(memoryBytes(), WASM_PAGE_BYTES, "the run's instance memory is exactly one page");
    assert.equal(Array.from(result.data), Array.from(expected.data));
  }
});

test("a few bounds after a big run: each run fails with MEMORY_LIMIT or its instance memory stays within the bound", async () => {
  const expected = await new Occlusion(model).attribute(SMALL.x, SMALL.options);
  let failed = 0;
  let fitted = 0;
  for (const maxMemoryBytes of [WASM_PAGE_BYTES, 100_000, 2 ** 18, 600_000, MiB, 2 * MiB + 12_345, 16 * MiB]) {
    await bigRun();
    const { forward, calls, memoryBytes } = observing();
    const outcome = await new Occlusion(forward).attribute(SMALL.x, { ...SMALL.options, maxMemoryBytes }).then((result) => ({ result }), (error: unknown) => ({ error }));
    if ("result" in outcome) {
      assert.ok(memoryBytes() > 0 && memoryBytes() <= maxMemoryBytes, `maxMemoryBytes ${maxMemoryBytes}, the run used ${memoryBytes()} bytes`);
      assert.equal(Array.from(outcome.result.data), Array.from(expected.data));
      fitted++;
    } else {
      const { error } = outcome;
      assert.is((error as { code?: string }).code, "MEMORY_LIMIT", String(error));
      assert.match((error as Error).message, /maxMemoryBytes/);
      assert.is(calls(), 0, "refused before forward was called");
      failed++;
    }
  }
  assert.ok(failed >= 2 && fitted >= 2, `both outcomes are exercised (${failed} refused, ${fitted} fitted)`);
});

test("the limit counts whole pages: the smallest bound that fits is the run's memory, one page less is refused", async () => {
  // [1, 128, 128] float32 is 64 KiB per copy: inputs and one batch copy need more than one page.
  const x = input([1, 128, 128]);
  const options = { slidingWindowShapes: [128, 128], strides: 128 };
  let pages = 1;
  let refusal = "";
  for (; pages < 16; pages++) {
    const { forward, memoryBytes } = observing();
    try {
      await new Occlusion(forward).attribute(x, { ...options, maxMemoryBytes: pages * WASM_PAGE_BYTES });
    } catch (error) {
      assert.is((error as { code?: string }).code, "MEMORY_LIMIT");
      refusal = (error as Error).message;
      continue;
    }
    assert.is(memoryBytes(), pages * WASM_PAGE_BYTES, "the run uses exactly the pages that fit it");
    break;
  }
  assert.ok(pages >= 2 && pages < 16, `${pages} pages`);
  assert.match(refusal, new RegExp(`needs ${pages * WASM_PAGE_BYTES} bytes .* at most ${(pages - 1) * WASM_PAGE_BYTES} bytes`), "one page less: the message gives whole pages");
});

test("FeatureAblation and concurrent runs keep the bound too", async () => {
  await bigRun();
  const bound = 4 * MiB;
  const runs = Array.from({ length: 3 }, () => observing());
  await Promise.all(runs.map(({ forward }) => new Occlusion(forward).attribute(SMALL.x, { ...SMALL.options, concurrency: 2, maxMemoryBytes: bound })));
  const ablation = observing();
  await new FeatureAblation(ablation.forward).attribute(SMALL.x, { perturbationsPerEval: 16, maxMemoryBytes: bound });
  for (const run of [...runs, ablation]) assert.ok(run.memoryBytes() > 0 && run.memoryBytes() <= bound, `${run.memoryBytes()} bytes`);
});

test("maxMemoryBytes caps perturbationsPerEval's batch: ppe 1000 on [1, 1000, 1000] (3.7 GiB per call) is refused before data is read", async () => {
  const unread = { shape: [1, 1000, 1000], dataSync(): Float32Array { throw new Error("the data was read"); } };
  const options = { slidingWindowShapes: [1, 1], perturbationsPerEval: 1000, maxMemoryBytes: 2 ** 30 };
  await rejectsWith(() => new Occlusion(model).attribute(unread, options), "MEMORY_LIMIT", /needs 3\.7\d GiB .* at most 1\.00 GiB.*fewer perturbationsPerEval/);
});

test("without maxMemoryBytes a run still reuses a pooled instance instead of creating one", async () => {
  await bigRun();
  const before = kernelStats();
  assert.ok(before.idle > 0);
  for (let run = 0; run < 3; run++) await new Occlusion(model).attribute(SMALL.x, SMALL.options);
  assert.is(kernelStats().created, before.created, "no new instance");
});

test.run();
