// Fuzz: valid calls (tests/support/scenarios.ts) broken structurally in random places:
// options replaced, set or deleted with arbitrary values (JSON-ish values, typed arrays,
// NaN, -0, huge numbers, nested arrays, tensor-likes of random shapes, wrong keys),
// inputs replaced, and forwards that misbehave on a random call. Every call must either
// reject with an OcclusionError or resolve to the reference's result for the call as
// the library read it (tests/support/oracle.ts); never another exception, never a hang.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, OcclusionError, init, type Tensor, type ForwardFunction } from "../src/index.ts";
import { oracleCall } from "./support/oracle.ts";
import { referenceOcclusion } from "./support/reference.ts";
import { scenario, type Scenario } from "./support/scenarios.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const TIMEOUT_MS = 5000;
const KEYS = ["slidingWindowShapes", "strides", "baselines", "target", "additionalForwardArgs", "perturbationsPerEval",
  "showProgress", "signal", "concurrency", "maxMemoryBytes", "sliding_window_shapes", "stride", "baseline", "__proto__", "constructor"];

const special = fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 1e300, -1e300, Number.MIN_VALUE);
const number = fc.oneof(special, fc.integer({ min: -4, max: 8 }), fc.double());
const shape = fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), special), { maxLength: 4 });
const tensorLike = fc.tuple(shape, fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(NaN)), { maxLength: 40 }), fc.boolean())
  .map(([dims, data, typed]) => {
    const length = dims.every((d) => Number.isSafeInteger(d) && d >= 0) ? dims.reduce((a, b) => a * b, 1) : data.length;
    const values = length <= 40 ? Array.from({ length }, (_, i) => data[i] ?? 1) : data;
    return { data: typed ? Float32Array.from(values) : values, shape: dims };
  });
const junk: fc.Arbitrary<unknown> = fc.oneof(
  number,
  tensorLike,
  fc.array(number, { maxLength: 5 }),
  fc.array(fc.array(number, { maxLength: 4 }), { maxLength: 4 }),
  fc.constantFrom(undefined, null, true, "2", [], [[]], {}, () => 1, Symbol("s"), 10n),
  fc.anything({ withTypedArray: true, withBigInt: true, withNullPrototype: true, withSparseArray: true, maxDepth: 3 }),
);

type Mutation =
  | { kind: "set"; key: string; value: unknown }
  | { kind: "delete"; key: string }
  | { kind: "options"; value: unknown }
  | { kind: "input"; value: unknown }
  | { kind: "forward"; call: number; output: unknown; throws: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("set" as const), key: fc.constantFrom(...KEYS), value: junk }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), key: fc.constantFrom(...KEYS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("options" as const), value: junk }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("input" as const), value: junk }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant("forward" as const), call: fc.nat(6), throws: fc.boolean(),
    // Never a valid output, so a run that reaches the call must reject.
    output: fc.constantFrom(undefined, null, "1", {}, { data: "x", shape: [1] }, [[1], [2, 3]], true, () => 1),
  }) },
);

interface Call { inputs: unknown; options: unknown; forward: (...args: unknown[]) => unknown }

function apply(s: Scenario, mutations: Mutation[]): Call {
  let inputs: unknown = s.isTuple ? [...s.inputs] : s.inputs[0];
  let options: unknown = { ...s.options };
  let forward: (...args: unknown[]) => unknown = s.forward;
  for (const m of mutations) {
    // Copies, never edits: generated values belong to fast-check, which shrinks them later.
    const record = options !== null && typeof options === "object" ? { ...(options as Record<string, unknown>) } : null;
    if (m.kind === "set" && record) options = { ...record, [m.key]: m.value }; // a computed key: "__proto__" becomes an own key
    else if (m.kind === "delete" && record) options = (delete record[m.key], record);
    else if (m.kind === "options") options = m.value;
    else if (m.kind === "input") inputs = Array.isArray(inputs) && inputs.length > 1 ? inputs.map((x, i) => (i === 1 ? m.value : x)) : m.value;
    else if (m.kind === "forward") forward = misbehaving(forward, m);
  }
  return { inputs, options, forward };
}

function misbehaving(forward: (...args: unknown[]) => unknown, m: Extract<Mutation, { kind: "forward" }>) {
  let calls = 0;
  return (...args: unknown[]) => {
    if (calls++ !== m.call) return forward(...args);
    if (m.throws) throw new RangeError("fuzzed model failure");
    return m.output;
  };
}

async function outcome(c: Call, async: boolean): Promise<{ value?: Tensor | Tensor[]; error?: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("hang: no answer in time")), TIMEOUT_MS)));
  try {
    const occlusion = new Occlusion((async ? async (...args: unknown[]) => c.forward(...args) : c.forward) as ForwardFunction);
    const run = async ? occlusion.attribute(c.inputs as never, c.options as never) : Promise.resolve().then(() => occlusion.attributeSync(c.inputs as never, c.options as never));
    return { value: await Promise.race([run, hang]) };
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

function sameAsOracle(c: Call, s: Scenario, value: Tensor | Tensor[]): void {
  const original = s.forward; // accepted runs never reached a misbehaving call
  const expected = referenceOcclusion(oracleCall(original, c.inputs, c.options));
  const actual = Array.isArray(value) ? value : [value];
  assert.is(actual.length, expected.length);
  expected.forEach((want, index) => {
    assert.equal(actual[index].shape, want.shape);
    // Huge baselines (2^53) give huge differences; the kernel's f64 prefix sums then carry
    // an absolute error of about 2^-52 of the largest, which the tolerance allows.
    const scale = want.data.reduce((max, e) => (Number.isFinite(e) ? Math.max(max, Math.abs(e)) : max), 0);
    want.data.forEach((e, i) => {
      const a = actual[index].data[i];
      const ok = Number.isNaN(e) ? Number.isNaN(a) : Number.isFinite(e) ? Math.abs(a - e) <= 1e-5 * (1 + Math.abs(e)) + 1e-9 * scale : a === e;
      if (!ok) assert.unreachable(`attribution ${index}[${i}] = ${a}, reference ${e}`);
    });
  });
}

test.before(async () => {
  await init();
});

test(`${RUNS} fuzzed calls: each resolves to the reference or rejects with an OcclusionError`, async () => {
  let accepted = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(scenario(), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (s, mutations) => {
      const c = apply(s, mutations);
      const result = await outcome(c, s.async);
      if ("error" in result) {
        rejected++;
        const error = result.error;
        if (!(error instanceof OcclusionError)) assert.unreachable(`not an OcclusionError: ${error instanceof Error ? error.stack : String(error)}`);
        return;
      }
      accepted++;
      sameAsOracle(c, s, result.value!);
    }),
    { numRuns: RUNS },
  );
  assert.ok(accepted > RUNS / 20 && rejected > RUNS / 4, `a mix of accepted (${accepted}) and rejected (${rejected}) calls`);
});

test.run();
