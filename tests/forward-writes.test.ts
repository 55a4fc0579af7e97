// Writes by forward into its batch views that the kernel would erase: the strip of the
// window a move restores, the strip of the next window it perturbs, FeatureAblation's
// groups. Each kernel move compares what it overwrites with what must be there
// (assembly/shared/replace.ts), so these are caught as FORWARD_WROTE_INPUT before a
// result is returned, like writes still in a buffer at the end (tests/integrity.test.ts).
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { weighted } from "./support/weighted-model.ts";
import { FeatureAblation, Occlusion, OcclusionError, init } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";

test.before(async () => {
  await init();
});

type Data = Float32Array | Int32Array | BigInt64Array;
type T = { data: Data; shape: number[] };

function setElement(data: Data, index: number, value: number): void {
  if (data instanceof BigInt64Array) data[index] = BigInt(value);
  else data[index] = value;
}

/**
 * A forward that, on perturbed call `atCall` (1 = the first after the unperturbed one),
 * after computing, writes 42 into the elements of batch copy 0 that `pick` chooses, given
 * which of them are perturbed (differ from the input example).
 */
function writer(example: ArrayLike<number | bigint>, atCall: (call: number) => boolean, pick: (perturbed: boolean[]) => number[]) {
  let call = 0;
  const forward = (x: T) => {
    const out = weighted(x);
    if (call > 0 && atCall(call)) {
      const perturbed = Array.from(example, (value, i) => x.data[i] !== value);
      for (const index of pick(perturbed)) setElement(x.data, index, 42);
    }
    call++;
    return out;
  };
  return { forward, calls: () => call };
}

const inWindow = (perturbed: boolean[]) => perturbed.flatMap((inside, i) => (inside ? [i] : []));
/** The element after the perturbed block: the first of the next window when windows tile the input. */
const afterWindow = (perturbed: boolean[]) => [perturbed.lastIndexOf(true) + 1].filter((i) => i > 0 && i < perturbed.length);

async function expectWrote(run: Promise<unknown>, what: string): Promise<void> {
  const error = await run.then(() => null, (caught: unknown) => caught);
  assert.ok(error instanceof OcclusionError, `${what}: ${String(error)}`);
  assert.is((error as OcclusionError).code, "FORWARD_WROTE_INPUT", what);
}

// Windows that tile the input (stride = window) and one window per call: the next move
// restores the whole window a call saw, and perturbs a strip no call has written.
const tiled = { slidingWindowShapes: [3], strides: [3], perturbationsPerEval: 1 };
const values = Array.from({ length: 12 }, (_, i) => i + 1); // no value equals the baseline 0 or 42

for (const [dtype, make] of [
  ["float32", () => Float32Array.from(values)],
  ["int32", () => Int32Array.from(values)],
  ["int64", () => BigInt64Array.from(values, BigInt)],
] as const) {
  test(`Occlusion, ${dtype}: a write only into the window of the batch (restored by the next move) is caught`, async () => {
    const { forward, calls } = writer(make(), (call) => call === 1, inWindow);
    await expectWrote(new Occlusion(forward as never).attribute({ data: make(), shape: [1, 12] }, tiled), dtype);
    assert.ok(calls() >= 3, "the run went on past the write, so a later move overwrote it");
  });

  test(`Occlusion, ${dtype}: a write only into the next window (perturbed by the next move) is caught`, async () => {
    const { forward } = writer(make(), (call) => call === 1, afterWindow);
    await expectWrote(new Occlusion(forward as never).attribute({ data: make(), shape: [1, 12] }, tiled), dtype);
  });

  test(`FeatureAblation, ${dtype}: a write only into the ablated group is caught, sync and async`, async () => {
    const featureMask = { data: Int32Array.from({ length: 12 }, (_, i) => (i * 5) % 4), shape: [1, 12] };
    const sync = writer(make(), (call) => call === 2, inWindow);
    await expectWrote(Promise.resolve().then(() => new FeatureAblation(sync.forward as never).attributeSync({ data: make(), shape: [1, 12] }, { featureMask })), `${dtype} sync`);
    const concurrent = writer(make(), (call) => call === 1, inWindow);
    const slow = async (x: T) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return concurrent.forward(x);
    };
    await expectWrote(new FeatureAblation(slow as never).attribute({ data: make(), shape: [1, 12] }, { featureMask, concurrency: 2 }), `${dtype} async`);
  });
}

test("concurrency 3: a write into the window of one call in flight among others is caught", async () => {
  const example = Float32Array.from(values);
  for (const atCall of [1, 2, 3]) {
    const { forward } = writer(example, (call) => call === atCall, inWindow);
    const slow = async (x: T) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return forward(x);
    };
    await expectWrote(new Occlusion(slow as never).attribute({ data: Float32Array.from(values), shape: [1, 12] }, { ...tiled, concurrency: 3 }), `call ${atCall}`);
  }
});

test("a write in the very last call is caught (no move after it: the end-of-run check)", async () => {
  const example = Float32Array.from(values);
  const clean = writer(example, () => false, inWindow);
  await new Occlusion(clean.forward as never).attribute({ data: Float32Array.from(values), shape: [1, 12] }, tiled);
  const last = clean.calls() - 1;
  const { forward, calls } = writer(example, (call) => call === last, inWindow);
  await expectWrote(new Occlusion(forward as never).attribute({ data: Float32Array.from(values), shape: [1, 12] }, tiled), "last call");
  assert.is(calls(), last + 1);
});

/** A random Occlusion call: rank 1-3 example, 1-2 examples, any window and stride, ppe 1-4, concurrency 1-3. */
const scenarios = fc.integer({ min: 1, max: 3 }).chain((rank) => fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: rank, maxLength: rank }),
  fractions: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: rank, maxLength: rank }),
  batch: fc.integer({ min: 1, max: 2 }),
  ppe: fc.integer({ min: 1, max: 4 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  async: fc.boolean(),
  tensorBaseline: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 30 }),
}));

/** The property's check of one scenario: a clean run succeeds, the same with one write fails, the next clean run is exact. */
async function checkScenario(s: typeof scenarios extends fc.Arbitrary<infer S> ? S : never): Promise<void> {
  const window = s.sizes.map((size, dim) => 1 + Math.floor(s.fractions[dim][0] * (size - 1)));
  const strides = window.map((w, dim) => Math.min(w, 1 + Math.floor(s.fractions[dim][1] * w)));
  const length = s.sizes.reduce((a, b) => a * b, 1);
  const shape = [s.batch, ...s.sizes];
  const input = () => ({ data: Float32Array.from({ length: s.batch * length }, (_, i) => ((i * 7919 + s.seed) % 97) + 1), shape });
  const options = {
    slidingWindowShapes: window, strides, perturbationsPerEval: s.ppe, concurrency: s.concurrency,
    ...(s.tensorBaseline ? { baselines: { data: Float32Array.from({ length: s.batch * length }, (_, i) => -((i * 31 + s.seed) % 13) - 1), shape } } : {}),
  };
  let calls = 0;
  let write: { call: number; at: (length: number) => number } | null = null;
  const forward = (x: T) => {
    const out = weighted(x);
    if (write && calls === write.call) {
      const at = write.at(x.data.length);
      x.data[at] = x.data[at] === 1000 ? 1001 : 1000; // always a change
    }
    calls++;
    return out;
  };
  const model = s.async ? async (x: T) => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return forward(x);
  } : forward;
  const clean = await new Occlusion(model as never).attribute(input(), options); // not writing: must succeed
  const perturbedCalls = calls - 1;
  if (perturbedCalls < 1) return;
  calls = 0;
  write = { call: 1 + (s.seed % perturbedCalls), at: (n) => Math.floor(s.seed / 7) % n };
  await expectWrote(new Occlusion(model as never).attribute(input(), options), JSON.stringify({ s, window, strides, write: write.call }));
  write = null; // the pooled instance carries nothing into the next run
  assert.equal(Array.from((await new Occlusion(model as never).attribute(input(), options)).data), Array.from(clean.data));
}

test("property: a forward that writes one element at one random perturbed call always gets FORWARD_WROTE_INPUT; one that does not write never does, before or after", async () => {
  await fc.assert(fc.asyncProperty(scenarios, checkScenario), { numRuns: 150 });
});

test("the scalar kernel (engines without wasm SIMD) catches them alike", async () => {
  await init({ simd: false });
  try {
    assert.is(kernelStats().simd, false);
    const { forward } = writer(Float32Array.from(values), (call) => call === 1, inWindow);
    await expectWrote(new Occlusion(forward as never).attribute({ data: Float32Array.from(values), shape: [1, 12] }, tiled), "scalar, window");
    await fc.assert(fc.asyncProperty(scenarios, checkScenario), { numRuns: 40 });
  } finally {
    await init({ simd: true });
  }
});

test.run();
