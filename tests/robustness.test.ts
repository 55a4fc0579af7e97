// Robustness, second round: a huge difference in one window leaves the others exact;
// init rejects a module that is not this kernel and the next run still works; pooled
// memory handed to a later run holds nothing of an earlier one; a synchronous forward
// can be stopped by a timer signal; no unhandled rejection comes from the library.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, OcclusionError, init } from "../src/index.ts";
import { kernelStats } from "../src/wasm/kernel.ts";
import { failOnUnhandledRejections } from "./support/unhandled.ts";

failOnUnhandledRejections(test);

test.before(async () => {
  await init();
});

/** Per example: -1e30 when element 0 is occluded (zero), else a weighted sum (all in float32). */
function outlierModel(length: number, weights: Float32Array) {
  return (x: { data: Float32Array; shape: number[] }) => {
    const examples = x.shape[0];
    const out = new Float32Array(examples);
    for (let e = 0; e < examples; e++) {
      const row = x.data.subarray(e * length, (e + 1) * length);
      if (row[0] === 0) out[e] = -1e30;
      else {
        let sum = 0;
        for (let i = 0; i < length; i++) sum = Math.fround(sum + Math.fround(row[i] * weights[i]));
        out[e] = sum;
      }
    }
    return { data: out, shape: [examples] };
  };
}

test("one window's difference of 1e30 leaves every other position's attribution exact", async () => {
  const length = 64;
  const data = Float32Array.from({ length }, (_, i) => 1 + (i % 5) * 0.25);
  const weights = Float32Array.from({ length }, (_, i) => ((i * 37) % 11) / 8 - 0.5);
  const forward = outlierModel(length, weights);
  const attr = await new Occlusion(forward).attribute({ data, shape: [1, length] }, { slidingWindowShapes: [1], perturbationsPerEval: 7 });
  const reference = forward({ data, shape: [1, length] }).data[0];
  for (let k = 1; k < length; k++) {
    const occluded = data.slice();
    occluded[k] = 0;
    const expected = Math.fround(reference - forward({ data: occluded, shape: [1, length] }).data[0]);
    assert.is(attr.data[k], expected, `position ${k}`);
  }
  assert.is(attr.data[0], Math.fround(reference + 1e30));
});

test("init with bytes of another module rejects with KERNEL_LOAD and leaves the loaded kernel working", async () => {
  // The smallest valid module: magic and version, no exports.
  const other = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const error = await init({ wasm: other }).then(() => null, (caught: unknown) => caught);
  assert.ok(error instanceof OcclusionError);
  assert.is((error as OcclusionError).code, "KERNEL_LOAD");
  assert.match((error as OcclusionError).message, /not the occlusion kernel/);
  await init();
  const attr = await new Occlusion((x: { data: Float32Array; shape: number[] }) => ({ data: x.data.slice(), shape: x.shape }))
    .attribute({ data: new Float32Array([1, 2, 3]), shape: [1, 3] }, { slidingWindowShapes: [1], target: 1 });
  assert.equal(Array.from(attr.data), [0, 2, 0]);
});

test("memory handed to a later run holds nothing of an earlier run's input", async () => {
  const marker = 7.25;
  const big = { data: new Float32Array(256).fill(marker), shape: [1, 256] };
  const sum = (x: { data: Float32Array; shape: number[] }) => {
    const out = new Float32Array(x.shape[0]);
    const per = x.data.length / x.shape[0];
    for (let i = 0; i < x.data.length; i++) out[Math.floor(i / per)] += x.data[i];
    return { data: out, shape: [x.shape[0]] };
  };
  await new Occlusion(sum).attribute(big, { slidingWindowShapes: [16], strides: [16] });
  assert.ok(kernelStats().idle >= 1, "the instance went back to the pool");
  let seen = 0;
  const spy = (x: { data: Float32Array; shape: number[] }) => {
    const whole = new Float32Array(x.data.buffer);
    for (let i = 0; i < whole.length; i++) if (whole[i] === marker) seen++;
    return sum(x);
  };
  await new Occlusion(spy).attribute({ data: new Float32Array([1, 2, 3, 4]), shape: [1, 4] }, { slidingWindowShapes: [1] });
  assert.is(seen, 0, "no value of the earlier run reachable through the batch view's buffer");
});

test("a synchronous forward is stopped by AbortSignal.timeout within a bounded time", async () => {
  const slow = (x: { data: Float32Array; shape: number[] }) => {
    const until = Date.now() + 2;
    while (Date.now() < until); // 2 ms of work per call, never awaiting
    return { data: new Float32Array(x.shape[0]), shape: [x.shape[0]] };
  };
  const started = Date.now();
  const error = await new Occlusion(slow)
    .attribute({ data: new Float32Array(2000), shape: [1, 2000] }, { slidingWindowShapes: [1], signal: AbortSignal.timeout(50) })
    .then(() => null, (caught: unknown) => caught);
  const elapsed = Date.now() - started;
  assert.ok(error instanceof OcclusionError);
  assert.is((error as OcclusionError).code, "ABORTED");
  // 2000 calls take 4 s; the signal must end the run soon after 50 ms.
  assert.ok(elapsed < 1000, `stopped after ${elapsed} ms`);
});

test("a synchronous forward is stopped by a timer even where the clock stands still while code runs", async () => {
  // A deployed Cloudflare Worker's Date.now() advances only on I/O: frozen here for the run.
  const realNow = Date.now;
  const frozen = realNow();
  let calls = 0;
  let sink = 0;
  const busy = (x: { data: Float32Array; shape: number[] }) => {
    calls++;
    for (let i = 0; i < 50_000; i++) sink += Math.sqrt(i); // fixed work: no clock to read
    return { data: new Float32Array(x.shape[0]).fill(sink % 7), shape: [x.shape[0]] };
  };
  Date.now = () => frozen;
  let error: unknown;
  try {
    error = await new Occlusion(busy)
      .attribute({ data: new Float32Array(20_000), shape: [1, 20_000] }, { slidingWindowShapes: [1], signal: AbortSignal.timeout(50) })
      .then(() => null, (caught: unknown) => caught);
  } finally {
    Date.now = realNow;
  }
  assert.ok(error instanceof OcclusionError, `the run ended with ${error}`);
  assert.is((error as OcclusionError).code, "ABORTED");
  assert.ok(calls < 10_000, `${calls} of 20001 calls ran before the abort took effect`);
});

test("the unperturbed call gets a copy: a forward writing into it changes neither the caller's array nor the result", async () => {
  const data = new Float32Array([1, 2, 3]);
  const model = (x: { data: Float32Array; shape: number[] }) => ({ data: Float32Array.of(x.data[0] + x.data[1] + x.data[2]), shape: [1] });
  const clean = await new Occlusion(model).attribute({ data: data.slice(), shape: [1, 3] }, { slidingWindowShapes: [1] });
  let first = true;
  const writer = (x: { data: Float32Array; shape: number[] }) => {
    const out = model(x);
    if (first) x.data.fill(99); // after computing, so only a shared array would show it
    first = false;
    return out;
  };
  const attr = await new Occlusion(writer).attribute({ data, shape: [1, 3] }, { slidingWindowShapes: [1] });
  assert.equal(Array.from(data), [1, 2, 3], "caller's array untouched");
  assert.equal(Array.from(attr.data), Array.from(clean.data));
});

for (const [name, make] of [
  ["Float32Array", (values: number[]) => Float32Array.from(values)],
  ["Int32Array", (values: number[]) => Int32Array.from(values)],
  ["BigInt64Array", (values: number[]) => BigInt64Array.from(values, BigInt)],
] as const) {
  test(`a ${name} input changed by the caller while forward runs does not change the result`, async () => {
    const sum = (x: { data: ArrayLike<number | bigint>; shape: number[] }) => {
      const out = new Float32Array(x.shape[0]);
      const length = x.data.length / x.shape[0];
      for (let i = 0; i < x.data.length; i++) out[Math.floor(i / length)] += Number(x.data[i]) * (i % length + 1);
      return { data: out, shape: [x.shape[0]] };
    };
    const clean = await new Occlusion(sum).attribute({ data: make([1, 2, 3, 4]), shape: [1, 4] }, { slidingWindowShapes: [1] });
    const data = make([1, 2, 3, 4]);
    const changing = async (x: { data: ArrayLike<number | bigint>; shape: number[] }) => {
      (data as unknown as { fill(value: unknown): void }).fill(name === "BigInt64Array" ? 7n : 7); // the caller reuses its array
      await new Promise((resolve) => setTimeout(resolve, 1));
      return sum(x);
    };
    const attr = await new Occlusion(changing).attribute({ data, shape: [1, 4] }, { slidingWindowShapes: [1] });
    assert.equal(Array.from(attr.data), Array.from(clean.data));
    assert.ok(Array.from(clean.data).some((value) => value !== 0));
  });
}

test("additionalForwardArgs: null passes no extra argument, like Captum's None", async () => {
  const counts: number[] = [];
  const model = (...args: unknown[]) => {
    counts.push(args.length);
    const x = args[0] as { data: Float32Array; shape: number[] };
    return { data: new Float32Array(x.shape[0]), shape: [x.shape[0]] };
  };
  await new Occlusion(model).attribute({ data: new Float32Array(3), shape: [1, 3] }, { slidingWindowShapes: [1], additionalForwardArgs: null });
  assert.ok(counts.length > 0);
  assert.ok(counts.every((count) => count === 1), `argument counts ${counts}`);
});

test.run();
