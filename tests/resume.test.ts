// Nothing lost: a run that ends early (abort, a forward that throws or rejects, a bad
// output, a throwing onPartial) rejects with error.partial; resuming from it — also after
// a JSON round trip — evaluates only the windows not done and gives the bits of an
// uninterrupted run. A partial from another call is refused (PARTIAL_MISMATCH).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, OcclusionError, OcclusionPartial, init, type Tensor } from "../src/index.ts";
import { OPTIONS, WINDOWS, bits, makeInput, model } from "./support/long-run-model.ts";

const x = makeInput();
let full: Tensor;

test.before(async () => {
  await init();
  full = await new Occlusion(model).attribute(x, OPTIONS);
});

/** A forward that fails on its `failAt`-th perturbed call (1-based) in the given way. */
function failingAt(failAt: number, how: "throw" | "reject" | "shape") {
  let calls = 0;
  return (input: Tensor) => {
    const call = calls++; // call 0 is the unperturbed one
    if (call !== failAt) return model(input);
    if (how === "throw") throw new Error("model crashed");
    if (how === "reject") return Promise.reject(new Error("server 503"));
    return { data: new Float32Array(1), shape: [1] };
  };
}

async function endedEarly(run: () => Promise<unknown>, code: string): Promise<OcclusionError> {
  try {
    await run();
  } catch (error) {
    assert.instance(error, OcclusionError);
    assert.is((error as OcclusionError).code, code, String(error));
    return error as OcclusionError;
  }
  throw new Error("the run did not end early");
}

for (const how of ["throw", "reject", "shape"] as const) {
  test(`a forward that fails by ${how} at call 6 leaves error.partial; resuming gives the uninterrupted bits`, async () => {
    const code = how === "shape" ? "FORWARD_OUTPUT_SHAPE" : "FORWARD_FAILED";
    const error = await endedEarly(() => new Occlusion(failingAt(6, how)).attribute(x, { ...OPTIONS, perturbationsPerEval: 2 }), code);
    const partial = error.partial!;
    assert.instance(partial, OcclusionPartial);
    assert.is(partial.done, 10); // 5 calls of 2 windows stored before the 6th failed
    assert.is(partial.total, WINDOWS);
    const record = JSON.parse(JSON.stringify(partial));
    let calls = 0;
    const counting = new Occlusion((input: Tensor) => (calls++, model(input)));
    const resumed = await counting.attribute(x, { ...OPTIONS, perturbationsPerEval: 2, resumeFrom: record });
    assert.is(calls, 1 + (WINDOWS - 10) / 2);
    assert.equal(bits(resumed.data), bits(full.data));
  });
}

test("an abort in the middle leaves error.partial; resuming from its JSON text (another order, batch size) gives the same bits", async () => {
  const controller = new AbortController();
  let calls = 0;
  const forward = (input: Tensor) => {
    if (++calls === 8) controller.abort(new Error("tab closed"));
    return Promise.resolve(model(input));
  };
  const error = await endedEarly(() => new Occlusion(forward).attribute(x, { ...OPTIONS, concurrency: 2, signal: controller.signal }), "ABORTED");
  const partial = error.partial!;
  assert.ok(partial.done > 0 && partial.done < WINDOWS, `done ${partial.done}`);
  const text = JSON.stringify(partial.toJSON());
  const resumed = await new Occlusion(model).attribute(x, { ...OPTIONS, perturbationsPerEval: 5, order: "coarse-to-fine", resumeFrom: text });
  assert.equal(bits(resumed.data), bits(full.data));
});

test("attributeSync: a throwing forward leaves error.partial too, and a resume can itself be resumed", async () => {
  const error = await endedEarly(async () => new Occlusion(failingAt(3, "throw")).attributeSync(x, OPTIONS), "FORWARD_FAILED");
  assert.is(error.partial!.done, 2);
  const again = await endedEarly(async () => new Occlusion(failingAt(4, "throw")).attributeSync(x, { ...OPTIONS, resumeFrom: error.partial! }), "FORWARD_FAILED");
  assert.is(again.partial!.done, 5);
  const resumed = new Occlusion(model).attributeSync(x, { ...OPTIONS, resumeFrom: again.partial! });
  assert.equal(bits(resumed.data), bits(full.data));
});

test("a throwing onPartial ends the run with ON_PARTIAL_FAILED and error.partial", async () => {
  const error = await endedEarly(() => new Occlusion(model).attribute(x, {
    ...OPTIONS, partialIntervalMs: 0, onPartial: (partial) => {
      if (partial.done === 4) throw new Error("canvas gone");
    },
  }), "ON_PARTIAL_FAILED");
  assert.is(error.partial!.done, 4);
  assert.instance(error.cause, Error);
});

test("a failure of the unperturbed call has no partial (nothing done); with resumeFrom it hands that partial back", async () => {
  const plain = await endedEarly(() => new Occlusion(failingAt(0, "throw")).attribute(x, OPTIONS), "FORWARD_FAILED");
  assert.is(plain.partial, undefined);
  const first = await endedEarly(() => new Occlusion(failingAt(3, "throw")).attribute(x, OPTIONS), "FORWARD_FAILED");
  const second = await endedEarly(() => new Occlusion(failingAt(0, "throw")).attribute(x, { ...OPTIONS, resumeFrom: first.partial! }), "FORWARD_FAILED");
  assert.is(second.partial!.done, first.partial!.done);
});

test("resuming from a complete partial makes only the unperturbed call", async () => {
  const shard = await new Occlusion(model).attributePartial(x, OPTIONS);
  let calls = 0;
  const resumed = await new Occlusion((input: Tensor) => (calls++, model(input))).attribute(x, { ...OPTIONS, resumeFrom: shard });
  assert.is(calls, 1);
  assert.equal(bits(resumed.data), bits(full.data));
});

test("resumeFrom made by another call is refused with PARTIAL_MISMATCH before any forward call", async () => {
  const error = await endedEarly(() => new Occlusion(failingAt(3, "throw")).attribute(x, OPTIONS), "FORWARD_FAILED");
  const resumeFrom = error.partial!.toJSON();
  const other = makeInput(undefined, 2);
  const variants: [string, Tensor, object][] = [
    ["inputs", other, {}],
    ["baselines", x, { baselines: 0.5 }],
    ["target", x, { target: 2 }],
    ["strides", x, { strides: [3, 3, 2] }],
    ["additionalForwardArgs", x, { additionalForwardArgs: [1] }],
  ];
  for (const [what, input, change] of variants) {
    let calls = 0;
    const occlusion = new Occlusion((t: Tensor) => (calls++, model(t)));
    await endedEarly(() => occlusion.attribute(input, { ...OPTIONS, ...change, resumeFrom }), "PARTIAL_MISMATCH").catch((e) => {
      throw new Error(`${what}: ${e}`);
    });
    assert.is(calls, 0, what);
  }
});

test("the fingerprint ignores how an option was spelled and what does not change a difference", async () => {
  const error = await endedEarly(() => new Occlusion(failingAt(3, "throw")).attribute(x, { ...OPTIONS, target: 1 }), "FORWARD_FAILED");
  const resumed = await new Occlusion(model).attribute(x, {
    ...OPTIONS, target: [1], strides: [3, 2, 2], perturbationsPerEval: 3, concurrency: 2, order: "coarse-to-fine", resumeFrom: error.partial!,
  });
  assert.equal(bits(resumed.data), bits(full.data));
});

test("records that toJSON did not write are refused with PARTIAL_INVALID", async () => {
  const error = await endedEarly(() => new Occlusion(failingAt(3, "throw")).attribute(x, OPTIONS), "FORWARD_FAILED");
  const good = error.partial!.toJSON();
  const bad: unknown[] = ["not json", {}, { ...good, version: 2 }, { ...good, done: [[3, 1]] }, { ...good, differences: "AAAA" }, { ...good, range: [0, 999] }];
  for (const record of bad) {
    await endedEarly(async () => OcclusionPartial.fromJSON(record as never), "PARTIAL_INVALID");
  }
});

test.run();
