// Shards: attributePartial over window ranges (any batch size, order, JSON round trip)
// merged by mergePartials gives one attribute call's bits; gaps, overlaps, other calls'
// partials and bad ranges are coded errors that name what is wrong.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, OcclusionError, init, mergePartials, type Tensor } from "../src/index.ts";
import { OPTIONS, WINDOWS, bits, makeInput, model } from "./support/long-run-model.ts";

const x = makeInput();
const occlusion = new Occlusion(model);

async function codeOf(run: () => Promise<unknown>): Promise<OcclusionError> {
  try {
    await run();
  } catch (error) {
    assert.instance(error, OcclusionError);
    return error as OcclusionError;
  }
  throw new Error("no error");
}

test.before(async () => {
  await init();
});

test("three shards, merged from JSON in any order, give one attribute call's bits (one input and a tuple)", async () => {
  const full = await occlusion.attribute(x, OPTIONS);
  const ranges: [number, number][] = [[0, 5], [5, 11], [11, WINDOWS]];
  const shards = await Promise.all(ranges.map((windows, index) =>
    occlusion.attributePartial(x, { ...OPTIONS, windows, perturbationsPerEval: index + 1, order: index === 1 ? "coarse-to-fine" : "index" })));
  shards.forEach((shard, index) => {
    assert.is(shard.done, ranges[index][1] - ranges[index][0]);
    assert.is(shard.total, shard.done);
  });
  const merged = (await mergePartials(shards.map((shard) => JSON.stringify(shard)).reverse())) as Tensor;
  assert.equal(merged.shape, full.shape);
  assert.equal(bits(merged.data), bits(full.data));

  const pair = [x, makeInput([2, 5], 4)];
  const tupleOptions = { slidingWindowShapes: [[3, 3, 2], [2]], strides: [[3, 2, 2], 1], target: 0 };
  const tupleModel = (a: Tensor, b: Tensor) => {
    const logits = model(a);
    for (let i = 0; i < logits.data.length; i++) logits.data[i] += b.data[Math.floor(i / 3) * 5 + (i % 5)] * 0.3;
    return logits;
  };
  const tuple = new Occlusion(tupleModel);
  const whole = await tuple.attribute(pair, tupleOptions);
  const parts = [await tuple.attributePartial(pair, { ...tupleOptions, windows: [0, 12] }), await tuple.attributePartial(pair, { ...tupleOptions, windows: [12, 20] })];
  const joined = (await mergePartials(parts)) as Tensor[];
  assert.is(joined.length, 2);
  joined.forEach((tensor, index) => assert.equal(bits(tensor.data), bits(whole[index].data)));
});

test("a shard makes the unperturbed call and only its own windows' calls", async () => {
  let calls = 0;
  await new Occlusion((t: Tensor) => (calls++, model(t))).attributePartial(x, { ...OPTIONS, windows: [3, 9], perturbationsPerEval: 4 });
  assert.is(calls, 1 + 2);
});

test("mergePartials names a gap, an overlap and a partial from another call", async () => {
  const a = await occlusion.attributePartial(x, { ...OPTIONS, windows: [0, 6] });
  const b = await occlusion.attributePartial(x, { ...OPTIONS, windows: [8, WINDOWS] });
  const gap = await codeOf(() => mergePartials([a, b]));
  assert.is(gap.code, "PARTIAL_GAP");
  assert.match(gap.message, "windows 6 to 7");
  const c = await occlusion.attributePartial(x, { ...OPTIONS, windows: [5, 8] });
  const overlap = await codeOf(() => mergePartials([a, b, c]));
  assert.is(overlap.code, "PARTIAL_OVERLAP");
  assert.match(overlap.message, "window 5");
  const other = await occlusion.attributePartial(makeInput(undefined, 9), { ...OPTIONS, windows: [6, 8] });
  assert.is((await codeOf(() => mergePartials([a, b, other]))).code, "PARTIAL_MISMATCH");
  assert.is((await codeOf(() => mergePartials([]))).code, "INVALID_OPTIONS");
});

test("windows outside the call's windows are INVALID_WINDOWS", async () => {
  for (const windows of [[0, 0], [-1, 3], [0, WINDOWS + 1], [2.5, 4], [4], "0-3"]) {
    const error = await codeOf(() => occlusion.attributePartial(x, { ...OPTIONS, windows: windows as [number, number] }));
    assert.is(error.code, "INVALID_WINDOWS", JSON.stringify(windows));
  }
});

test.run();
