// Long runs with FeatureAblation, the same engine: onPartial's maps end at the result,
// an early end's error.partial resumes (also from JSON) to the same bits, coarse-to-fine
// order keeps them, and shards merge (as objects) to one run's bits.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, OcclusionError, init, mergePartials, type OcclusionPartial, type Tensor } from "../src/index.ts";
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
  try {
    await mergePartials(shards.map((shard) => JSON.stringify(shard)));
    assert.unreachable();
  } catch (error) {
    assert.is((error as OcclusionError).code, "PARTIAL_INVALID"); // records do not carry the masks
  }
});

test.run();
