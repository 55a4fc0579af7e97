// No silent corruption: a forward writing into its batch views is caught (FORWARD_WROTE_INPUT)
// before any result is returned, for every driver, concurrency and method, and the next run is
// exact (writes the kernel would overwrite: tests/forward-writes.test.ts); forward never receives the caller's arrays (inputs, baselines, extra arguments), and
// the caller's arrays are never written.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { weighted } from "./support/weighted-model.ts";
import { FeatureAblation, Occlusion, OcclusionError, init } from "../src/index.ts";

test.before(async () => {
  await init();
});

type T = { data: Float32Array | Int32Array; shape: number[] };

/** A forward that normalizes its batch in place on its second perturbed call, before computing (a common model bug). */
function normalizesInPlace(x: T) {
  if (x.data.length > 12 && (normalizesInPlace.calls++ === 1)) for (let i = 0; i < x.data.length; i++) x.data[i] *= 0.5;
  return weighted(x);
}
normalizesInPlace.calls = 0;

/** A forward that bumps one element of its batch on every call, after computing. */
function bumper(at: (length: number) => number) {
  return (x: T) => {
    const out = weighted(x);
    x.data[at(x.data.length)] += 1;
    return out;
  };
}

const input = () => ({ data: Float32Array.from({ length: 24 }, (_, i) => i - 7), shape: [2, 12] });

for (const [name, run] of [
  ["attributeSync", (forward: (x: T) => unknown) => Promise.resolve().then(() => new Occlusion(forward as never).attributeSync(input(), { slidingWindowShapes: [3], perturbationsPerEval: 2 }))],
  ["attribute, concurrency 1", (forward: (x: T) => unknown) => new Occlusion(forward as never).attribute(input(), { slidingWindowShapes: [3], perturbationsPerEval: 2 })],
  ["attribute, concurrency 3, async", (forward: (x: T) => unknown) => new Occlusion((async (x: T) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return forward(x);
  }) as never).attribute(input(), { slidingWindowShapes: [3], perturbationsPerEval: 2, concurrency: 3 })],
  ["FeatureAblation", (forward: (x: T) => unknown) => new FeatureAblation(forward as never).attribute(input(), {
    featureMask: { data: Int32Array.from({ length: 12 }, (_, i) => i % 4), shape: [1, 12] },
  })],
] as const) {
  test(`${name}: a forward writing into its batch gets FORWARD_WROTE_INPUT, and the next run is exact`, async () => {
    const clean = await run(weighted);
    const writers: [string, (x: T) => unknown][] = [
      ["in-place normalization", (x) => normalizesInPlace(x)],
      ["first element", bumper(() => 0)], ["last element", bumper((length) => length - 1)], ["middle element", bumper((length) => length >> 1)],
    ];
    for (const [where, writer] of writers) {
      normalizesInPlace.calls = 0;
      const error = await run(writer).then(() => null, (caught: unknown) => caught);
      assert.ok(error instanceof OcclusionError, `${where}: ${String(error)}`);
      assert.is((error as OcclusionError).code, "FORWARD_WROTE_INPUT");
      assert.match((error as OcclusionError).message, /wrote into its input batch.*copy the data first/);
    }
    const again = await run(weighted);
    assert.equal(Array.from(again.data), Array.from(clean.data));
    assert.ok(Array.from(clean.data).some((value) => value !== 0));
  });
}

test("an Int32Array batch written by forward is caught too", async () => {
  const ints = { data: Int32Array.from({ length: 12 }, (_, i) => i * 3 - 5), shape: [1, 12] };
  const error = await new Occlusion(bumper(() => 2) as never).attribute(ints, { slidingWindowShapes: [2], strides: [2] })
    .then(() => null, (caught: unknown) => caught);
  assert.is((error as OcclusionError).code, "FORWARD_WROTE_INPUT");
});

test("forward never receives the caller's arrays, and none of them is written", async () => {
  const data = Float32Array.from({ length: 12 }, (_, i) => i + 1);
  const baseline = Float32Array.from({ length: 12 }, (_, i) => -i);
  const extra = Float32Array.of(5, 6);
  const callers = [data, baseline, extra];
  const snapshot = callers.map((array) => Array.from(array));
  let calls = 0;
  const model = (x: T, scale: { data: Float32Array; shape: number[] }) => {
    calls++;
    for (const array of [x.data, scale.data]) {
      assert.ok(callers.every((caller) => caller.buffer !== array.buffer), "a forward argument shares a buffer with the caller's arrays");
    }
    const out = weighted(x);
    for (let e = 0; e < out.data.length; e++) out.data[e] *= scale.data[e % scale.data.length];
    scale.data.fill(0); // extra arguments are the run's own copies: a write here reaches no caller
    return out;
  };
  await new Occlusion(model as never).attribute({ data, shape: [2, 6] }, {
    slidingWindowShapes: [2], baselines: { data: baseline, shape: [2, 6] }, additionalForwardArgs: { data: extra, shape: [2] },
  });
  assert.ok(calls > 1);
  assert.equal(callers.map((array) => Array.from(array)), snapshot);
});

test("baselines and additional tensor args changed by the caller after attribute() is called change nothing", async () => {
  const model = (x: T, scale: { data: Float32Array }) => {
    const out = weighted(x);
    for (let e = 0; e < out.data.length; e++) out.data[e] *= scale.data[e];
    return out;
  };
  const options = () => ({ slidingWindowShapes: [2], baselines: { data: Float32Array.of(3, 1, 4, 1, 5, 9), shape: [1, 6] }, additionalForwardArgs: { data: Float32Array.of(2), shape: [1] } });
  const x = () => ({ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [1, 6] });
  const clean = await new Occlusion(model as never).attribute(x(), options());
  const changed = options();
  const pending = new Occlusion(model as never).attribute(x(), changed);
  changed.baselines.data.fill(100);
  changed.additionalForwardArgs.data.fill(-7);
  const attr = await pending;
  assert.equal(Array.from(attr.data), Array.from(clean.data));
});

test.run();
