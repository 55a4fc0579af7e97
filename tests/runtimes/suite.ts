// The runtime suite: the chosen Captum vectors (vectors.mjs) through the *built* package in
// any JS runtime. It uses only standard JS and WebAssembly (no Node, Deno or DOM API); each
// runtime's harness imports the package its own way and passes it in. Every vector runs
// through attribute (async forward) and attributeSync on the SIMD kernel, then through the
// scalar kernel; the last line is "<runtime>: N passed, N failed" for the runner to parse.
import type * as Library from "../../src/index.ts";
import VECTORS from "virtual:runtime-vectors";
import { longRunTests } from "./long-runs.ts";
import { ERROR_CODES, callOf, firstMismatch, isAblation, recordingForward, type ConformanceCase } from "../support/conformance-model.ts";

type Lib = typeof Library;
type Tensor = Library.Tensor;

export interface SuiteExtras {
  /** Label of the closing line, e.g. "node-esm". */
  runtime: string;
  /** false where the default init() cannot load a kernel (the plain ESM build in workerd). */
  defaultLoads?: boolean;
  /** false where WebAssembly.compile of bytes is refused (workerd): no init({ wasm }) or validate stub. */
  compiles?: boolean;
  /** The kernel builds as precompiled modules, where the harness has them. */
  simdModule?: WebAssembly.Module;
  scalarModule?: WebAssembly.Module;
  /** The scalar build's bytes and URL, for init({ wasm }). */
  scalarBytes?: Uint8Array;
  scalarUrl?: URL | string;
}

export interface SuiteResult { passed: number; failed: number; lines: string[] }

export async function runSuite(lib: Lib, extras: SuiteExtras): Promise<SuiteResult> {
  const result: SuiteResult = { passed: 0, failed: 0, lines: [] };
  const test = async (name: string, body: () => unknown) => {
    try {
      await body();
      result.passed++;
      result.lines.push(`ok - ${name}`);
    } catch (error) {
      result.failed++;
      result.lines.push(`not ok - ${name}: ${(error as Error)?.stack ?? error}`);
    }
  };
  await loadingTests(lib, extras, test);
  await vectorTests(lib, "simd", test);
  await longRunTests(lib, test);
  await stopTests(lib, test);
  await test("scalar kernel: init() loads the scalar build", async () => {
    const info = await lib.init(extras.defaultLoads === false ? { module: extras.scalarModule } : { simd: false });
    expect(info.simd === false, `init() resolved to ${JSON.stringify(info)}`);
  });
  await vectorTests(lib, "scalar", test);
  await sourceTests(lib, extras, test);
  result.lines.push(`${extras.runtime}: ${result.passed} passed, ${result.failed} failed`);
  return result;
}

type Test = (name: string, body: () => unknown) => Promise<void>;

/** The default kernel: lazy loading, SIMD where the engine has it, or the documented failure. */
async function loadingTests(lib: Lib, extras: SuiteExtras, test: Test) {
  if (extras.defaultLoads === false) {
    await test("default init() rejects with KERNEL_LOAD where bytes cannot be compiled", async () => {
      const error = await lib.init().then(() => null, (caught: unknown) => caught);
      expect(error instanceof lib.OcclusionError && error.code === "KERNEL_LOAD", `init() gave ${error}`);
    });
    await test("init({ module }) with the SIMD build", async () => {
      expect((await lib.init({ module: extras.simdModule })).simd === true, "simd is not true");
    });
    return;
  }
  await test("attribute before init() loads the default kernel lazily", async () => {
    // FeatureAblation first: it reads its mask in the kernel, before the run starts.
    const masked = VECTORS.find((testCase) => isAblation(testCase) && !testCase.expected.error && callOf(testCase).options?.featureMask);
    if (masked) await checkVector(lib, masked, "attribute");
    await checkVector(lib, VECTORS[0], "attribute");
  });
  await test("the default kernel is the SIMD build (every engine here has wasm SIMD)", async () => {
    expect((await lib.init()).simd === true, "init() did not report SIMD");
  });
}

/** Every vector through attribute (async forward) and attributeSync on the loaded kernel. */
async function vectorTests(lib: Lib, label: string, test: Test) {
  for (const testCase of VECTORS) {
    if (testCase.expected.error) {
      await test(`${label}/${testCase.name}: rejects with ${ERROR_CODES[testCase.expected.error_kind]}`, () => checkError(lib, testCase));
      continue;
    }
    await test(`${label}/${testCase.name}: attribute matches Captum`, () => checkVector(lib, testCase, "attribute"));
    await test(`${label}/${testCase.name}: attributeSync matches Captum`, () => checkVector(lib, testCase, "attributeSync"));
  }
}

/**
 * attribute() yields to the event loop while a synchronous forward keeps the thread busy
 * (src/engine/drive-async.ts), so a timer's abort signal stops the run in every runtime.
 */
async function stopTests(lib: Lib, test: Test) {
  await test("attribute() with a synchronous forward is stopped by AbortSignal.timeout(50)", async () => {
    let calls = 0;
    let sink = 0;
    const busy = (x: Tensor) => {
      calls++;
      // Fixed work, not a clock: some runtimes' clocks stand still while code runs.
      for (let i = 0; i < 50_000; i++) sink += Math.sqrt(i);
      return { data: new Float32Array(x.shape[0]).fill(sink % 7), shape: [x.shape[0]] };
    };
    const windows = 20_000;
    const error = await new lib.Occlusion(busy)
      .attribute({ data: new Float32Array(windows), shape: [1, windows] }, { slidingWindowShapes: [1], signal: AbortSignal.timeout(50) })
      .then(() => null, (caught: unknown) => caught);
    expect(error instanceof lib.OcclusionError && error.code === "ABORTED", `the run ended with ${error}`);
    expect(calls < windows / 2, `${calls} of ${windows + 1} calls ran before the abort took effect`);
  });
}

/** The other ways to hand over a kernel, each checked on one vector. */
async function sourceTests(lib: Lib, extras: SuiteExtras, test: Test) {
  const sample = VECTORS.find((testCase) => testCase.inputs_is_tuple && !testCase.expected.error)!;
  const viaInit = async (options: Library.InitOptions, simd: boolean) => {
    const info = await lib.init(options);
    expect(info.simd === simd, `init() resolved to ${JSON.stringify(info)}, expected simd ${simd}`);
    await checkVector(lib, sample, "attribute");
  };
  if (extras.compiles !== false) {
    await test("an engine without SIMD (validate stubbed to false) gets the scalar build", async () => {
      const validate = WebAssembly.validate;
      WebAssembly.validate = () => false;
      try {
        await viaInit({ simd: true }, false);
      } finally {
        WebAssembly.validate = validate;
      }
    });
  }
  if (extras.simdModule) await test("init({ module }) with the SIMD build", () => viaInit({ module: extras.simdModule }, true));
  if (extras.scalarModule) await test("init({ module }) with the scalar build", () => viaInit({ module: extras.scalarModule }, false));
  if (extras.scalarBytes && extras.compiles !== false) {
    await test("init({ wasm: bytes }) with the scalar build", () => viaInit({ wasm: extras.scalarBytes }, false));
  }
  if (extras.scalarUrl && extras.compiles !== false) {
    await test("init({ wasm: url }) with the scalar build", () => viaInit({ wasm: extras.scalarUrl }, false));
  }
}

async function checkVector(lib: Lib, testCase: ConformanceCase, method: "attribute" | "attributeSync") {
  const expected = testCase.expected;
  if (expected.error) throw new Error(`${testCase.name} is an error case`);
  const { forward, batchSizes } = recordingForward(testCase, method === "attribute");
  const { inputs, options } = callOf(testCase);
  const occlusion = isAblation(testCase) ? new lib.FeatureAblation(forward) : new lib.Occlusion(forward);
  const result: Tensor | Tensor[] = method === "attribute"
    ? await occlusion.attribute(inputs, options)
    : occlusion.attributeSync(inputs, options);
  expect(Array.isArray(result) === testCase.inputs_is_tuple, "tuple in, tuple out");
  const tensors = Array.isArray(result) ? result : [result];
  expect(tensors.length === expected.attributions.length, `${tensors.length} attributions`);
  tensors.forEach((tensor, index) => {
    const want = expected.attributions[index];
    expect(tensor.data instanceof Float32Array, `attribution ${index} is not a Float32Array`);
    expect(same(tensor.shape, want.shape), `attribution ${index} shape ${JSON.stringify(tensor.shape)} != ${JSON.stringify(want.shape)}`);
    const mismatch = firstMismatch(tensor.data, want.data, testCase.tolerance);
    expect(mismatch === null, `attribution ${index}: ${mismatch}`);
  });
  expect(same(batchSizes, expected.batch_sizes), `forward batch sizes ${JSON.stringify(batchSizes)} != ${JSON.stringify(expected.batch_sizes)}`);
}

async function checkError(lib: Lib, testCase: ConformanceCase) {
  if (!testCase.expected.error) throw new Error(`${testCase.name} is not an error case`);
  const code = ERROR_CODES[testCase.expected.error_kind];
  const { forward } = recordingForward(testCase, true);
  const { inputs, options } = callOf(testCase);
  const method = isAblation(testCase) ? new lib.FeatureAblation(forward) : new lib.Occlusion(forward);
  const error = await method.attribute(inputs, options).then(() => null, (caught: unknown) => caught);
  expect(error instanceof lib.OcclusionError && error.code === code, `expected OcclusionError ${code}, got ${error}`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
