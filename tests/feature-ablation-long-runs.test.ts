// Long runs with FeatureAblation, the same engine: onPartial's maps end at the result,
// an early end's error.partial resumes (also from JSON) to the same bits, coarse-to-fine
// order keeps them, and shards merge (as objects, or as JSON records, which carry the
// features) to one run's bits.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, OcclusionError, OcclusionPartial, init, mergePartials, type Tensor } from "../src/index.ts";
import { bits, makeInput, model } from "./support/long-run-model.ts";

const x = makeInput([2, 3, 6, 5], 5);
const mask = { data: Int32Array.from({ length: 3 * 6 * 5 }, (_, i) => Math.floor(i / 7)), shape: [1, 3, 6, 5] }; // 13 features
const OPTIONS = { featureMask: mask, target: 2, perturbationsPerEval: 2 };
const FEATURES = 13;

test.before(async () => {
  await init();
});

test("FeatureAblation: onPartial, resume after a failure (from JSON, coarse-to-fine) and shards give one run's bits", async () => {
  const ablation = new FeatureAblation(model);
  const full = (await ablation.attribute(x, OPTIONS)) as Tensor;
  let last: Tensor | null = null;
  const dones: number[] = [];
  await ablation.attribute(x, { ...OPTIONS, partialIntervalMs: 0, onPartial: (partial: OcclusionPartial) => {
    dones.push(partial.done);
    last = partial.attributions() as Tensor;
  } });
  assert.is(dones.at(-1), FEATURES);
  assert.equal(bits(last!.data), bits(full.data));

  let calls = 0;
  const failing = new FeatureAblation((t: Tensor) => {
    if (++calls === 4) throw new Error("flaky");
    return model(t);
  });
  let saved = "";
  try {
    await failing.attribute(x, OPTIONS);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, OcclusionError);
    assert.is((error as OcclusionError).partial!.done, 4);
    saved = JSON.stringify((error as OcclusionError).partial);
  }
  const resumed = (await ablation.attribute(x, { ...OPTIONS, order: "coarse-to-fine", resumeFrom: saved })) as Tensor;
  assert.equal(bits(resumed.data), bits(full.data));

  const shards = await Promise.all([[0, 5], [5, FEATURES]].map((windows) => ablation.attributePartial(x, { ...OPTIONS, windows: windows as [number, number] })));
  assert.equal(bits(((await mergePartials(shards)) as Tensor).data), bits(full.data));
  assert.equal(bits(((await mergePartials(shards.map((shard) => JSON.stringify(shard)))) as Tensor).data), bits(full.data), "records carry their features");
});

/** Shards of `options` read back from JSON text merge to the bits of one attribute call; a half-done record's map is the live one's. */
async function checkRecords(inputs: Tensor | Tensor[], options: Record<string, unknown>, features: number, label: string) {
  const ablation = new FeatureAblation(model);
  const full = (await ablation.attribute(inputs, options)) as Tensor | Tensor[];
  const cut = Math.floor(features / 3);
  const shards = await Promise.all([[0, cut], [cut, features]].map((windows) => ablation.attributePartial(inputs, { ...options, windows: windows as [number, number] })));
  const texts = shards.map((shard) => JSON.stringify(shard));
  const merged = (await mergePartials(texts)) as Tensor | Tensor[];
  const list = (value: Tensor | Tensor[]) => (Array.isArray(value) ? value : [value]);
  assert.equal(list(merged).map((tensor) => bits(tensor.data)), list(full).map((tensor) => bits(tensor.data)), `${label}: merged from JSON`);
  const half = OcclusionPartial.fromJSON(texts[1]);
  assert.equal(list(half.attributions()).map((tensor) => bits(tensor.data)), list(shards[1].attributions()).map((tensor) => bits(tensor.data)), `${label}: a shard's map from JSON`);
  // A shard's map: each element holds its feature's difference where that feature is done, else 0.
  for (const shard of shards) {
    const maps = list(shard.attributions() as Tensor | Tensor[]);
    let shown = 0;
    maps.forEach((map, input) => map.data.forEach((value, at) => {
      if (value === 0) return;
      shown++;
      assert.is(value, list(full)[input].data[at], `${label}: element ${at} of input ${input}`);
    }));
    assert.ok(shown > 0, `${label}: the map of ${shard.done} done features shows them`);
  }
}

test("FeatureAblation records read back from JSON merge to one run's bits: default mask, a mask per example, two inputs sharing ids", async () => {
  await checkRecords(x, { target: 1, perturbationsPerEval: 3 }, 3 * 6 * 5, "default mask");
  const perExample = { data: Int32Array.from({ length: 2 * 3 * 6 * 5 }, (_, i) => (i < 90 ? Math.floor(i / 10) : 20 + Math.floor((i - 90) / 15))), shape: [2, 3, 6, 5] };
  await checkRecords(x, { featureMask: perExample, target: [0, 2], perturbationsPerEval: 2 }, 9 + 6, "a mask per example");
  const second = makeInput([2, 4], 9);
  const shared = [mask, { data: Int32Array.of(0, 0, 13, 14), shape: [1, 4] }];
  await checkRecords([x, second], { featureMask: shared, target: 0 }, FEATURES + 2, "two inputs sharing ids");
});

test("a FeatureAblation record whose features are missing or malformed is PARTIAL_INVALID, never a kernel trap", async () => {
  const record = (await new FeatureAblation(model).attributePartial(x, { ...OPTIONS, windows: [0, FEATURES] })).toJSON();
  const broken = (change: (copy: Record<string, any>) => void) => {
    const copy = JSON.parse(JSON.stringify(record));
    change(copy);
    return copy;
  };
  const runs = (copy: Record<string, any>, edit: (values: Int32Array) => void) => {
    const bytes = Uint8Array.from(atob(copy.features.inputs[0].runs), (char) => char.charCodeAt(0));
    const values = new Int32Array(bytes.buffer);
    edit(values);
    copy.features.inputs[0].runs = btoa(String.fromCharCode(...new Uint8Array(values.buffer)));
  };
  const cases: [string, Record<string, any>, RegExp][] = [
    ["no features", broken((copy) => delete copy.features), /carries neither window geometry nor features/],
    ["a wrong count", broken((copy) => (copy.features.count = FEATURES + 1)), /offsets|features count/],
    ["a run past the example", broken((copy) => runs(copy, (values) => (values[1] = 1000))), /run 0 .* not within one example/],
    ["a negative start", broken((copy) => runs(copy, (values) => (values[0] = -8))), /run 0 .* not within one example/],
    ["runs that are not base64", broken((copy) => (copy.features.inputs[0].runs = "%%")), /runs are not base64/],
    ["per example without one output per example", broken((copy) => (copy.features.inputs[0].maskExamples = 3)), /per example \(3\) but the partial has 2 outputs/],
  ];
  for (const [label, value, message] of cases) {
    const error = await mergePartials([value as never]).then(() => null, (caught: unknown) => caught);
    assert.instance(error, OcclusionError, label);
    assert.is((error as OcclusionError).code, "PARTIAL_INVALID", label);
    assert.match((error as OcclusionError).message, message, label);
  }
});

test.run();
