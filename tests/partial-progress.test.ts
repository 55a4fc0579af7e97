// onPartial and order: partial maps while a run goes on (the mean over the windows done
// so far, checked against a plain reference), throttling, the last call equal to the
// result, and "coarse-to-fine" giving the same bits as the default order.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, OcclusionError, init, type OcclusionPartial, type Tensor } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { OPTIONS, WINDOWS, bits, makeInput, model, partialReference } from "./support/long-run-model.ts";

const x = makeInput();

test.before(async () => {
  await init();
});

test("onPartial: done grows to total, each map is the mean over the windows done, the last one is the result's bits", async () => {
  const seen: { done: number; total: number; windows: Set<number>; map: Float32Array }[] = [];
  const onPartial = (partial: OcclusionPartial) => {
    const windows = new Set<number>();
    for (const [start, end] of partial.windows()) for (let w = start; w < end; w++) windows.add(w);
    seen.push({ done: partial.done, total: partial.total, windows, map: (partial.attributions() as Tensor).data });
  };
  const result = await new Occlusion(model).attribute(x, { ...OPTIONS, perturbationsPerEval: 3, onPartial, partialIntervalMs: 0 });
  assert.is(seen.length, Math.ceil(WINDOWS / 3));
  seen.forEach((entry, index) => {
    assert.is(entry.total, WINDOWS);
    assert.is(entry.windows.size, entry.done);
    if (index > 0) assert.ok(entry.done > seen[index - 1].done);
    const expected = partialReference(x, OPTIONS.slidingWindowShapes, OPTIONS.strides, entry.windows, OPTIONS.target);
    entry.map.forEach((value, at) => assert.ok(Math.abs(value - expected[at]) < 1e-5, `call ${index}, element ${at}: ${value} vs ${expected[at]}`));
  });
  assert.equal(bits(seen.at(-1)!.map), bits(result.data));
});

test("onPartial is throttled by partialIntervalMs, and the complete map always comes", async () => {
  const dones: number[] = [];
  let clock = 0;
  const slow = (input: Tensor) => {
    const until = Date.now() + (clock++ % 4 === 0 ? 12 : 0);
    while (Date.now() < until); // some calls take 12 ms, the others none
    return model(input);
  };
  await new Occlusion(slow).attribute(x, { ...OPTIONS, onPartial: (partial) => dones.push(partial.done), partialIntervalMs: 10 });
  assert.ok(dones.length > 1 && dones.length < WINDOWS, `called ${dones.length} times`);
  assert.is(dones.at(-1), WINDOWS);
});

test("attributeSync calls onPartial too", () => {
  const dones: number[] = [];
  const result = new Occlusion(model).attributeSync(x, { ...OPTIONS, perturbationsPerEval: 5, onPartial: (p) => dones.push(p.done), partialIntervalMs: 0 });
  assert.equal(dones, [5, 10, 15, 16]);
  assert.equal(result.shape, x.shape);
});

test('order "coarse-to-fine" gives the default order\'s bits, for several batch sizes and concurrency', async () => {
  const occlusion = new Occlusion(model);
  for (const shape of [[2, 3, 9, 7], [1, 1, 28, 28]]) {
    const input = makeInput(shape, 7);
    const options = shape[1] === 1 ? { slidingWindowShapes: [1, 3, 3], strides: [1, 2, 2], target: 2 } : OPTIONS;
    const plain = await occlusion.attribute(input, options);
    for (const perturbationsPerEval of [1, 4, 7, 64]) {
      for (const concurrency of [1, 3]) {
        let calls = 0;
        const counted = new Occlusion((t: Tensor) => (calls++, Promise.resolve(model(t))));
        const fine = await counted.attribute(input, { ...options, order: "coarse-to-fine", perturbationsPerEval, concurrency });
        assert.equal(bits(fine.data), bits(plain.data), `shape ${shape}, ppe ${perturbationsPerEval}, concurrency ${concurrency}`);
        const windows = shape[1] === 1 ? 14 * 14 : WINDOWS;
        assert.is(calls, 1 + Math.ceil(windows / perturbationsPerEval));
      }
    }
  }
});

test('"coarse-to-fine" spreads the first windows over the input: the first quarter touches every column (index order: a band of columns, dim 1 varying fastest)', async () => {
  const input = makeInput([1, 1, 28, 28], 3);
  const rowsTouched = async (order: "index" | "coarse-to-fine") => {
    let rows = new Set<number>();
    const onPartial = (partial: OcclusionPartial) => {
      if (partial.done * 4 > partial.total) return; // the last map at or before a quarter of the windows
      const map = (partial.attributions() as Tensor).data;
      rows = new Set(Array.from({ length: 28 }, (_, column) => column).filter((column) => map.some((v, at) => at % 28 === column && v !== 0)));
    };
    await new Occlusion(model).attribute(input, { slidingWindowShapes: [1, 4, 4], strides: [1, 2, 2], order, onPartial, partialIntervalMs: 0 });
    return rows.size;
  };
  const fine = await rowsTouched("coarse-to-fine");
  const plain = await rowsTouched("index");
  assert.ok(fine === 28 && plain <= 12, `columns touched: coarse-to-fine ${fine}, index ${plain}`);
});

test("partial maps borrow kernel instances only while they are drawn: none stays in use", async () => {
  await new Occlusion(model).attribute(x, { ...OPTIONS, onPartial: (partial) => void partial.attributions(), partialIntervalMs: 0, concurrency: 2 });
  assert.is(kernelStats().inUse, 0);
});

test("bad long-run options are rejected with INVALID_OPTIONS", async () => {
  const occlusion = new Occlusion(model);
  for (const bad of [{ onPartial: 3 }, { partialIntervalMs: -1 }, { order: "random" }, { windows: [0, 2] }]) {
    try {
      await occlusion.attribute(x, { ...OPTIONS, ...(bad as object) });
      assert.unreachable(`accepted ${JSON.stringify(bad)}`);
    } catch (error) {
      assert.instance(error, OcclusionError);
      assert.is((error as OcclusionError).code, "INVALID_OPTIONS", String(error));
    }
  }
});

test.run();
