// A forward that throws or rejects ends the run: attribute rejects with FORWARD_FAILED,
// the original error as cause and the call in the message; no forward call starts after
// the failure (also with concurrency > 1); the kernel instance goes back to the pool, so
// after 1000 failures memory and instances are where they were after the first run, and
// the same Occlusion still gives the reference's results.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, type Tensor, type ForwardFunction } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { BATCH, input, model, rejectsWith, untilReleased } from "./support/bad-calls.ts";
import { referenceOcclusion } from "./support/reference.ts";

const x = input();
const OPTIONS = { slidingWindowShapes: [1, 2], strides: [1, 2] };
const BATCHES = 3 * 2; // windows with perturbationsPerEval 1

/**
 * A model that fails on call `failAt` (0 = unperturbed) and records calls started after
 * the failure: "throw" throws synchronously, "reject" rejects after a delay, "microtask"
 * settles every call in the microtask queue (failures race with other calls' results).
 */
function failing(mode: "throw" | "reject" | "microtask", delay: () => number) {
  const state = { failAt: -1, calls: 0, startedAfterFailure: 0, failed: false, error: new Error("model exploded") };
  const forward = (...args: unknown[]) => {
    const call = state.calls++;
    if (state.failed) state.startedAfterFailure++;
    if (call === state.failAt && mode === "throw") {
      state.failed = true;
      throw state.error;
    }
    if (mode === "microtask") {
      return Promise.resolve().then(() => {
        if (call !== state.failAt) return model(...args);
        state.failed = true;
        throw state.error;
      });
    }
    return new Promise((resolve, reject) => setTimeout(() => {
      if (call !== state.failAt) return resolve(model(...args));
      state.failed = true;
      reject(state.error);
    }, delay()));
  };
  return { state, forward };
}

function expected(): Float32Array {
  const [attr] = referenceOcclusion({
    inputs: [x], windows: [[1, 2]], strides: [[1, 2]], baselines: [new Float32Array(x.data.length)],
    evaluate: (inputs) => model(...inputs).data,
  });
  return attr.data;
}

test.before(async () => {
  await init();
});

for (const mode of ["throw", "reject", "microtask"] as const) {
  for (const concurrency of [1, 3]) {
    test(`a forward that ${mode}s on call k rejects with it as cause, names the batch, and starts nothing after (concurrency ${concurrency})`, async () => {
      for (let failAt = 0; failAt <= BATCHES; failAt++) {
        const { state, forward } = failing(mode, () => Math.random() * 3);
        state.failAt = failAt;
        const error = await rejectsWith(() => new Occlusion(forward as ForwardFunction).attribute(x, { ...OPTIONS, concurrency }), "FORWARD_FAILED",
          failAt === 0 ? /unperturbed call: model exploded/ : new RegExp(`batch ${failAt} of ${BATCHES}: model exploded`));
        assert.is(error.cause, state.error, "the original error is the cause");
        await new Promise((resolve) => setTimeout(resolve, 10)); // let calls in flight finish
        assert.is(state.startedAfterFailure, 0, "no forward call started after the failure");
      }
    });
  }
}

test("attributeSync: a throwing forward rejects with FORWARD_FAILED on its batch and stops", async () => {
  let calls = 0;
  const failure = new TypeError("bad tensor");
  const forward = (...args: unknown[]) => {
    if (++calls === 3) throw failure;
    return model(...args);
  };
  const error = await rejectsWith(() => new Occlusion(forward).attributeSync(x, OPTIONS), "FORWARD_FAILED", /batch 2 of 6: bad tensor/);
  assert.is(error.cause, failure);
  assert.is(calls, 3);
});

test("a non-Error thrown value becomes the cause and is described safely", async () => {
  const thrown = Object.create(null);
  const error = await rejectsWith(() => new Occlusion(() => { throw thrown; }).attribute(x, OPTIONS), "FORWARD_FAILED", /unperturbed call/);
  assert.is(error.cause, thrown);
});

test("after 1000 failures, kernel instances and wasm memory are back to their level after the first run, and results are right", async () => {
  const { state, forward } = failing("microtask", () => 0);
  const occlusion = new Occlusion(forward as ForwardFunction);
  const want = expected();
  assert.equal(Array.from((await occlusion.attribute(x, OPTIONS)).data), Array.from(want));
  await untilReleased(() => kernelStats().inUse);
  const level = kernelStats();
  for (let run = 0; run < 1000; run++) {
    state.calls = 0;
    state.failed = false;
    state.failAt = run % (BATCHES + 1);
    await rejectsWith(() => occlusion.attribute(x, { ...OPTIONS, concurrency: 1 + (run % 3) }), "FORWARD_FAILED", /forward failed/);
    await untilReleased(() => kernelStats().inUse);
  }
  const after = kernelStats();
  assert.equal({ ...after, created: after.created - level.created }, { ...level, created: 0 }, "no instance created, none in use, same idle bytes");
  state.failAt = -1;
  const result: Tensor = await occlusion.attribute(x, OPTIONS);
  assert.equal(result.shape, [BATCH * 3, 3, 4]);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(result.data[i] - want[i]) <= 1e-6 * (1 + Math.abs(want[i])), `element ${i}`);
});

test.run();
