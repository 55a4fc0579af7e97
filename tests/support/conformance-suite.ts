// Every Captum vector, through attribute (async forward) and attributeSync: the same
// attributions within the case's tolerance, the same shapes, the same forward calls and
// batch sizes, and an OcclusionError for every error case.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { FeatureAblation, Occlusion, OcclusionError, init, type InitOptions, type Tensor } from "../../src/index.ts";
import { kernelStats } from "../../src/wasm/kernel.ts";
import { ERROR_CODES, callOf, firstMismatch, isAblation, loadCases, recordingForward, type ConformanceCase } from "./conformance.ts";
import type { ForwardFunction } from "../../src/engine/forward-call.ts";

/** The case's method: FeatureAblation for feature_ablation cases, else Occlusion. */
const methodOf = (testCase: ConformanceCase, forward: ForwardFunction) => (isAblation(testCase) ? new FeatureAblation(forward) : new Occlusion(forward));

function checkResult(testCase: ConformanceCase, result: Tensor | Tensor[], batchSizes: number[]) {
  const expected = testCase.expected;
  if (expected.error) throw new Error("unreachable");
  assert.is(Array.isArray(result), testCase.inputs_is_tuple, "tuple in, tuple out");
  const tensors = Array.isArray(result) ? result : [result];
  assert.is(tensors.length, expected.attributions.length);
  tensors.forEach((tensor, index) => {
    assert.equal(tensor.shape, expected.attributions[index].shape, `shape of attribution ${index}`);
    const mismatch = firstMismatch(tensor.data, expected.attributions[index].data, testCase.tolerance);
    assert.is(mismatch, null, `attribution ${index}: ${mismatch}`);
  });
  assert.equal(batchSizes, expected.batch_sizes, "batch sizes of the forward calls");
  assert.is(batchSizes.length, expected.forward_calls);
}

/** Every vector through one kernel build; restores the default (SIMD where available) afterwards. */
export function conformanceSuite(name: string, options: InitOptions, simd: boolean) {
  const test = suite(name);
  test.before(async () => {
    await init(options);
    assert.is(kernelStats().simd, simd, "the kernel build under test");
  });
  test.after(async () => {
    await init({ simd: true });
  });
  for (const testCase of loadCases()) addCase(test, testCase);
  test.run();
}

function addCase(test: ReturnType<typeof suite>, testCase: ConformanceCase) {
  const { expected } = testCase;
  if (expected.error) {
    test(`${testCase.name}: rejects with ${ERROR_CODES[expected.error_kind]}`, async () => {
      const { forward } = recordingForward(testCase, true);
      const { inputs, options } = callOf(testCase);
      try {
        await methodOf(testCase, forward).attribute(inputs, options);
        assert.unreachable("the call should fail");
      } catch (error) {
        assert.instance(error, OcclusionError);
        assert.is((error as OcclusionError).code, ERROR_CODES[expected.error_kind], (error as Error).message);
      }
    });
    return;
  }
  test(`${testCase.name}: attribute matches Captum`, async () => {
    const { forward, batchSizes } = recordingForward(testCase, true);
    const { inputs, options } = callOf(testCase);
    checkResult(testCase, await methodOf(testCase, forward).attribute(inputs, options), batchSizes);
  });
  test(`${testCase.name}: attributeSync matches Captum`, () => {
    const { forward, batchSizes } = recordingForward(testCase, false);
    const { inputs, options } = callOf(testCase);
    checkResult(testCase, methodOf(testCase, forward).attributeSync(inputs, options), batchSizes);
  });
}

