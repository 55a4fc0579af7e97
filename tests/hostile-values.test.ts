// Hostile values in every position of a call: throwing getters and Proxy traps, revoked
// Proxies, thenables whose `then` getter throws, disposed onnxruntime tensors, errors
// whose `message` getter throws, nesting deep enough to overflow the stack. Whatever
// fast-check puts where, the call gives a correct result or an OcclusionError with a
// code (UNREADABLE_VALUE with the original error as cause when reading threw), the next
// normal run is exact, and no rejection goes unhandled.
import fc from "fast-check";
import * as ort from "onnxruntime-web";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, OcclusionError, init, tensor, type Tensor } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { failOnUnhandledRejections } from "./support/unhandled.ts";

failOnUnhandledRejections(test);

test.before(async () => {
  await init();
});

const BOOM = new Error("boom from a hostile value");

/** Each kind of hostile value, made fresh (a revoked Proxy cannot be reused once made). */
const HOSTILE: Record<string, () => unknown> = {
  throwingGetters: () => Object.defineProperties({}, {
    data: { get: () => { throw BOOM; }, enumerable: true },
    shape: { get: () => { throw BOOM; }, enumerable: true },
  }),
  throwingTraps: () => new Proxy({}, {
    get: () => { throw BOOM; }, has: () => { throw BOOM; }, ownKeys: () => { throw BOOM; }, getPrototypeOf: () => { throw BOOM; },
  }),
  throwingArrayTraps: () => new Proxy([1, 2], { get: () => { throw BOOM; } }),
  revokedProxy: () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  revokedArrayProxy: () => {
    const { proxy, revoke } = Proxy.revocable([1], {});
    revoke();
    return proxy;
  },
  thenableThrowingThen: () => Object.defineProperty({}, "then", { get: () => { throw BOOM; } }),
  disposedOrtTensor: () => {
    const t = new ort.Tensor("float32", new Float32Array(12), [1, 3, 4]);
    t.dispose();
    return t;
  },
  errorWithThrowingMessage: () => Object.defineProperty(new Error("x"), "message", { get: () => { throw BOOM; } }),
  deepNesting: () => {
    let value: unknown = [1];
    for (let i = 0; i < 20_000; i++) value = [value];
    return value;
  },
  hugeRank: () => ({ data: new Float32Array(1), shape: new Array(20_000).fill(1) }),
};
const KINDS = Object.keys(HOSTILE);

/** A small valid call: batch 1, input [1, 3, 4], a weighted-sum model with 2 outputs. */
const input = (): Tensor => ({ data: Float32Array.from({ length: 12 }, (_, i) => (i % 5) - 2), shape: [1, 3, 4] });
function model(x: Tensor): Tensor {
  const rows = x.shape[0];
  const length = x.data.length / rows;
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < x.data.length; i++) {
    const row = Math.floor(i / length);
    out[row * 2] += x.data[i] * ((i % length) + 1);
    out[row * 2 + 1] -= x.data[i];
  }
  return { data: out, shape: [rows, 2] };
}
const OPTIONS = { slidingWindowShapes: [1, 2], strides: [1, 2], target: 0, baselines: 0.5 };

/** Where a hostile value goes, and the call that results. */
type Position = (hostile: () => unknown) => () => Promise<Tensor | Tensor[]>;
const POSITIONS: Record<string, Position> = {
  inputs: (h) => () => new Occlusion(model).attribute(h() as Tensor, OPTIONS),
  inputInTuple: (h) => () => new Occlusion(model).attribute([input(), h() as Tensor], { ...OPTIONS, slidingWindowShapes: [[1, 2], [1, 2]], strides: undefined }),
  inputData: (h) => () => new Occlusion(model).attribute({ data: h() as Float32Array, shape: [1, 3, 4] }, OPTIONS),
  inputShape: (h) => () => new Occlusion(model).attribute({ data: new Float32Array(12), shape: h() as number[] }, OPTIONS),
  options: (h) => () => new Occlusion(model).attribute(input(), h() as never),
  slidingWindowShapes: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, slidingWindowShapes: h() as number[] }),
  strides: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, strides: h() as number[] }),
  baselines: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, baselines: h() as number }),
  target: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, target: h() as number }),
  additionalForwardArgs: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, additionalForwardArgs: [h()] }),
  perturbationsPerEval: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, perturbationsPerEval: h() as number }),
  signal: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, signal: h() as AbortSignal }),
  showProgress: (h) => () => new Occlusion(model).attribute(input(), { ...OPTIONS, showProgress: h() as boolean }),
  featureMask: (h) => () => new FeatureAblation(model).attribute(input(), { featureMask: h() as Tensor, target: 0 }),
  forwardOutput: (h) => () => new Occlusion(() => h() as Tensor).attribute(input(), OPTIONS),
  laterForwardOutput: (h) => () => {
    let calls = 0;
    return new Occlusion((x: Tensor) => (calls++ === 0 ? model(x) : h() as Tensor)).attribute(input(), OPTIONS);
  },
  syncInputs: (h) => async () => new Occlusion(model).attributeSync(h() as Tensor, OPTIONS),
  syncOptions: (h) => async () => new Occlusion(model).attributeSync(input(), h() as never),
  syncForwardOutput: (h) => async () => new Occlusion(() => h() as Tensor).attributeSync(input(), OPTIONS),
  syncForwardThrows: (h) => async () => new Occlusion(() => { throw h(); }).attributeSync(input(), OPTIONS),
  forwardThrows: (h) => () => new Occlusion(() => { throw h(); }).attribute(input(), OPTIONS),
  forwardRejects: (h) => () => new Occlusion(() => Promise.reject(h())).attribute(input(), OPTIONS),
  forwardResolves: (h) => () => new Occlusion(() => Promise.resolve(h() as Tensor)).attribute(input(), OPTIONS),
};

let clean: Float32Array;

async function cleanRun(): Promise<Float32Array> {
  return (await new Occlusion(model).attribute(input(), OPTIONS)).data as Float32Array;
}

test("a normal run, for reference", async () => {
  clean = await cleanRun();
  assert.ok(clean.some((value) => value !== 0));
});

test("tensor() on arrays nested 20,000 deep: UNREADABLE_VALUE, not a stack overflow", () => {
  let caught: unknown;
  try {
    tensor(HOSTILE.deepNesting() as number[]);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof OcclusionError, String(caught));
  assert.is((caught as OcclusionError).code, "UNREADABLE_VALUE");
  assert.instance((caught as OcclusionError).cause, RangeError);
});

test("a disposed onnxruntime tensor as input: UNREADABLE_VALUE with the tensor's error as cause", async () => {
  const error = await new Occlusion(model).attribute(HOSTILE.disposedOrtTensor() as never, OPTIONS).then(() => null, (caught: unknown) => caught);
  assert.ok(error instanceof OcclusionError);
  assert.is((error as OcclusionError).code, "UNREADABLE_VALUE");
  assert.match((error as OcclusionError).message, /disposed/);
  assert.match(String(((error as OcclusionError).cause as Error).message), /disposed/);
});

test("fast-check: any hostile value in any position gives a coded error or a correct result; the next run is exact", async () => {
  const before = kernelStats().inUse;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(POSITIONS)), fc.constantFrom(...KINDS), async (position, kind) => {
      let outcome: unknown;
      try {
        outcome = await POSITIONS[position](HOSTILE[kind])();
      } catch (error) {
        outcome = error;
      }
      if (outcome instanceof OcclusionError) {
        assert.type(outcome.code, "string");
        assert.ok(outcome.message.length > 0 && outcome.message.length < 2000, `${position}/${kind}: message of ${outcome.message.length}`);
        if (outcome.code === "UNREADABLE_VALUE" || outcome.code === "FORWARD_FAILED") assert.ok(outcome.cause !== undefined, `${position}/${kind}: cause`);
      } else if (outcome instanceof Error || outcome === undefined || outcome === null) {
        assert.unreachable(`${position}/${kind}: raw ${String(outcome)}`);
      } else {
        // Accepted (a hostile showProgress is just truthy; a forward always returning the
        // same readable output is a constant model): then it must be the correct result.
        const constantModel = ["forwardOutput", "forwardResolves", "syncForwardOutput"].includes(position);
        const expected = constantModel ? new Array(clean.length).fill(0) : Array.from(clean);
        assert.equal(Array.from((outcome as Tensor).data as Float32Array), expected, `${position}/${kind}: result`);
      }
      assert.equal(Array.from(await cleanRun()), Array.from(clean), `${position}/${kind}: the next normal run`);
    }),
    { numRuns: 150, seed: 20261203 },
  );
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.is(kernelStats().inUse, before, "no kernel instance left in use");
});

test("every position and kind, exhaustively: never a raw exception", async () => {
  const raw: string[] = [];
  for (const position of Object.keys(POSITIONS)) {
    for (const kind of KINDS) {
      try {
        await POSITIONS[position](HOSTILE[kind])();
      } catch (error) {
        if (!(error instanceof OcclusionError)) raw.push(`${position}/${kind}: ${String(error)}`);
      }
    }
  }
  assert.equal(raw, []);
});

test.run();
