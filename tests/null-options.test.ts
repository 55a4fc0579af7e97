// `null` follows Captum's None: options whose Captum parameter defaults to None take null
// as "left out" (same result as omitting them); the others reject null with a code.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, OcclusionError, init, type Tensor } from "../src/index.ts";

const input = (): Tensor => ({ data: Float32Array.of(1, -2, 3, 4, 0.5, 6), shape: [1, 6] });
const forward = (...args: unknown[]) => {
  const x = args[0] as Tensor;
  const rows = x.shape[0];
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < x.data.length; i++) out[Math.floor(i / 6) * 2 + (i % 2)] += x.data[i] * (i + 1) + args.length;
  return { data: out, shape: [rows, 2] };
};

test.before(async () => {
  await init();
});

for (const option of ["strides", "baselines", "target", "additionalForwardArgs"]) {
  test(`Occlusion: ${option}: null is the same as leaving it out`, async () => {
    const omitted = await new Occlusion(forward).attribute(input(), { slidingWindowShapes: [2] });
    const nulled = await new Occlusion(forward).attribute(input(), { slidingWindowShapes: [2], [option]: null });
    assert.equal(Array.from(nulled.data), Array.from(omitted.data));
    assert.equal(nulled.shape, omitted.shape);
  });
}

test("FeatureAblation: featureMask: null is the same as leaving it out", async () => {
  const omitted = await new FeatureAblation(forward).attribute(input(), { target: 1 });
  const nulled = await new FeatureAblation(forward).attribute(input(), { target: 1, featureMask: null } as never);
  assert.equal(Array.from(nulled.data), Array.from(omitted.data));
});

const REJECTED: Record<string, string> = {
  perturbationsPerEval: "INVALID_PERTURBATIONS_PER_EVAL", concurrency: "INVALID_CONCURRENCY", maxMemoryBytes: "INVALID_OPTIONS",
  signal: "INVALID_OPTIONS", showProgress: "INVALID_OPTIONS", onPartial: "INVALID_OPTIONS", order: "INVALID_OPTIONS", resumeFrom: "PARTIAL_INVALID",
};
for (const [option, code] of Object.entries(REJECTED)) {
  test(`${option}: null (no None in Captum) is rejected with ${code}`, async () => {
    const error = await new Occlusion(forward).attribute(input(), { slidingWindowShapes: [2], [option]: null } as never).then(() => null, (caught: unknown) => caught);
    assert.ok(error instanceof OcclusionError, String(error));
    assert.is((error as OcclusionError).code, code);
    assert.match((error as OcclusionError).message, new RegExp(option));
  });
}

test.run();
