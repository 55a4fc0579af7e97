// AbortSignal cancellation: ABORTED at once when the signal has already aborted, at
// once while a forward call is in flight, and never a forward call after the abort;
// the abort listener is removed whatever the outcome; the kernel instance returns to
// the pool once calls in flight settle; no unhandled rejections; the instance still works.
import { getEventListeners } from "node:events";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type ForwardFunction } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { input, model, rejectsWith, untilReleased } from "./support/bad-calls.ts";

const x = input();
const OPTIONS = { slidingWindowShapes: [1, 2], strides: [1, 2] }; // 6 batches
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** A forward whose calls wait until released by hand; records how many started. */
function gated() {
  const pending: (() => void)[] = [];
  let started = 0;
  const forward = (...args: unknown[]) => {
    started++;
    return new Promise((resolve) => pending.push(() => resolve(model(...args))));
  };
  return { forward, started: () => started, releaseAll: () => pending.splice(0).forEach((release) => release()) };
}

test.before(async () => {
  await init();
  process.on("unhandledRejection", onUnhandled);
});

test.after(() => {
  process.off("unhandledRejection", onUnhandled);
});

test("an already aborted signal rejects at once with ABORTED and the reason as cause, without calling forward", async () => {
  let calls = 0;
  const occlusion = new Occlusion((...args: unknown[]) => (calls++, model(...args)));
  const reason = new Error("user left");
  const signal = AbortSignal.abort(reason);
  const error = await rejectsWith(() => occlusion.attribute(x, { ...OPTIONS, signal }), "ABORTED", /aborted/);
  assert.is(error.cause, reason);
  await rejectsWith(() => occlusion.attributeSync(x, { ...OPTIONS, signal }), "ABORTED", /aborted/);
  assert.is(calls, 0);
});

test("aborting while the unperturbed call is in flight rejects at once; the instance is released after the call settles", async () => {
  const gate = gated();
  const controller = new AbortController();
  const before = kernelStats().inUse;
  const run = new Occlusion(gate.forward as ForwardFunction).attribute(x, { ...OPTIONS, signal: controller.signal });
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(gate.started(), 1);
  controller.abort();
  await rejectsWith(() => run, "ABORTED", /aborted/);
  assert.is(gate.started(), 1, "no call after the abort");
  gate.releaseAll();
  await untilReleased(() => kernelStats().inUse - before);
  assert.is(getEventListeners(controller.signal, "abort").length, 0, "listener removed");
});

for (const concurrency of [1, 3]) {
  test(`aborting during batch calls rejects at once, starts no further call, and retires the instance instead of pooling it (concurrency ${concurrency})`, async () => {
    const gate = gated();
    const controller = new AbortController();
    const idleBefore = kernelStats().idle;
    const run = new Occlusion(gate.forward as ForwardFunction).attribute(x, { ...OPTIONS, concurrency, signal: controller.signal });
    for (let round = 0; round < 2; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      gate.releaseAll(); // the unperturbed call, then the first batch calls
    }
    await new Promise((resolve) => setImmediate(resolve));
    const started = gate.started();
    assert.is(started, 1 + 2 * concurrency, "calls in flight when aborting");
    controller.abort();
    await rejectsWith(() => run, "ABORTED", /aborted/);
    assert.is(kernelStats().inUse, 0, "no instance is pinned by the calls in flight");
    assert.ok(kernelStats().idle <= idleBefore, "the retired instance (its memory may still be read) is not pooled");
    gate.releaseAll();
    await untilReleased(() => kernelStats().inUse);
    assert.ok(kernelStats().idle <= idleBefore, "nor pooled once the calls settle");
    assert.is(gate.started(), started, "no forward call started after the abort");
    assert.is(getEventListeners(controller.signal, "abort").length, 0, "listener removed");
  });
}

test("a forward that aborts its own run: the next call never starts", async () => {
  const controller = new AbortController();
  let calls = 0;
  const forward = async (...args: unknown[]) => {
    if (++calls === 3) controller.abort();
    return model(...args);
  };
  await rejectsWith(() => new Occlusion(forward).attribute(x, { ...OPTIONS, signal: controller.signal }), "ABORTED", /aborted/);
  assert.is(calls, 3);
  let syncCalls = 0;
  const again = new AbortController();
  const syncForward = (...args: unknown[]) => {
    if (++syncCalls === 2) again.abort();
    return model(...args);
  };
  await rejectsWith(() => new Occlusion(syncForward).attributeSync(x, { ...OPTIONS, signal: again.signal }), "ABORTED", /aborted/);
  assert.is(syncCalls, 2);
});

test("a run that succeeds or fails removes its abort listener", async () => {
  const controller = new AbortController();
  await new Occlusion(model).attribute(x, { ...OPTIONS, signal: controller.signal });
  await rejectsWith(() => new Occlusion((() => undefined) as unknown as ForwardFunction).attribute(x, { ...OPTIONS, signal: controller.signal }), "FORWARD_OUTPUT_TYPE", /forward/);
  await rejectsWith(() => new Occlusion(() => Promise.reject(new Error("x"))).attribute(x, { ...OPTIONS, signal: controller.signal }), "FORWARD_FAILED", /forward/);
  assert.is(getEventListeners(controller.signal, "abort").length, 0);
});

test("the same Occlusion works after aborted runs, with identical results, and nothing went unhandled", async () => {
  const occlusion = new Occlusion(async (...args: unknown[]) => model(...args));
  const want = await occlusion.attribute(x, OPTIONS);
  for (let run = 0; run < 50; run++) {
    const controller = new AbortController();
    const pending = occlusion.attribute(x, { ...OPTIONS, signal: controller.signal, concurrency: 1 + (run % 3) });
    for (let wait = 0; wait < run % 5; wait++) await Promise.resolve();
    controller.abort();
    await pending.catch(() => undefined);
  }
  await untilReleased(() => kernelStats().inUse);
  assert.equal(Array.from((await occlusion.attribute(x, OPTIONS)).data), Array.from(want.data));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(unhandled, []);
});

test.run();
