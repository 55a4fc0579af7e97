// occlusion-wasm/queue's job data without Redis: tensors of every data type travel as
// JSON and come back with the same bits and shape, options that only make sense in the
// producer's process are refused with QUEUE_OPTIONS, and shard ranges cover every
// window exactly once.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OcclusionError } from "../src/index.ts";
import { decodeValue, encodeOptions, encodeValue } from "../src/queue/codec.ts";
import { shardRanges } from "../src/queue/index.ts";

test("tensor-likes of every data type round-trip through JSON with their bits and shape", () => {
  const values = [
    { data: Float32Array.from([1.5, NaN, -0, Infinity]), shape: [1, 4] },
    { data: new BigInt64Array([1n, -2n, 2n ** 62n]), shape: [3] },
    { data: Int32Array.from([7, -7]), dims: [2, 1] },
    { data: Float64Array.from([Math.PI]), shape: [1] },
  ];
  for (const value of values) {
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value, "inputs")))) as { data: ArrayBufferView; shape: number[] };
    assert.equal(back.shape, (value as { shape?: number[]; dims?: number[] }).shape ?? (value as { dims: number[] }).dims);
    assert.is(back.data.constructor, value.data.constructor);
    assert.equal(new Uint8Array(back.data.buffer), new Uint8Array(value.data.buffer));
  }
  const options = { slidingWindowShapes: [[1, 3], [2]], baselines: [0, { data: Float32Array.from([0.5]), shape: [1] }], target: [[1, 2]], additionalForwardArgs: ["mode", 3] };
  assert.equal(JSON.stringify(decodeValue(JSON.parse(JSON.stringify(encodeOptions(options))))), JSON.stringify(decodeValue(encodeValue(options, "options"))));
});

test("options that cannot leave the producer's process are QUEUE_OPTIONS", () => {
  const bad = [{ onPartial: () => undefined }, { signal: new AbortController().signal }, { resumeFrom: "{}" }, { windows: [0, 1] },
    { showProgress: () => undefined }, { additionalForwardArgs: [() => 1] }];
  for (const options of bad) {
    try {
      encodeOptions({ slidingWindowShapes: [1], ...options });
      assert.unreachable(JSON.stringify(Object.keys(options)));
    } catch (error) {
      assert.instance(error, OcclusionError);
      assert.is((error as OcclusionError).code, "QUEUE_OPTIONS");
    }
  }
});

test("shardRanges cover every window exactly once, in near-equal parts", () => {
  for (const [windows, shards] of [[784, 8], [10, 3], [5, 8], [1, 1]]) {
    const ranges = shardRanges(windows, shards);
    assert.is(ranges.length, Math.min(windows, shards));
    assert.is(ranges[0][0], 0);
    assert.is(ranges.at(-1)![1], windows);
    ranges.forEach(([start, end], index) => {
      assert.ok(end > start);
      if (index > 0) assert.is(start, ranges[index - 1][1]);
      assert.ok(end - start <= Math.ceil(windows / ranges.length));
    });
  }
});

test.run();
