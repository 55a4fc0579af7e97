/**
 * The browser demo's progressive heat map (examples/browser/progressive.mjs) reads the
 * window of each row of a forward call from the library's documented order (README "How
 * windows are batched"). These tests hold it to the library: each row's window box is
 * where the library put the baseline, every window comes exactly once, and once all
 * windows are in, the partial map equals the library's attributions.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, type Tensor } from "../src/index.ts";
import { PartialAttribution, recordingForward, windowOfCopy } from "../examples/browser/progressive.mjs";

// Geometries with cut-off border windows, strides below and equal to the window, and a
// first dimension larger than 1 (it varies fastest in the window order).
const CASES = [
  { sizes: [1, 28, 28], window: [1, 5, 5], strides: [1, 3, 3], perEval: 8 },
  { sizes: [1, 7, 6], window: [1, 3, 2], strides: [1, 2, 2], perEval: 1 },
  { sizes: [3, 5, 4], window: [2, 2, 3], strides: [1, 2, 1], perEval: 5 },
  { sizes: [4, 9], window: [3, 4], strides: [3, 4], perEval: 100 },
];
const BASELINE = -1; // inputs are in [0.5, 1), so the baseline marks the perturbed elements
const CLASSES = 3;

/** Inputs in [0.5, 1) and a fixed random linear model with CLASSES outputs. */
function setup(sizes: number[], seed: number) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const length = sizes.reduce((a, b) => a * b, 1);
  const input: Tensor = { data: Float32Array.from({ length }, () => 0.5 + random() / 2), shape: [1, ...sizes] };
  const weights = Float32Array.from({ length: length * CLASSES }, () => random() - 0.5);
  const model = async (x: Tensor) => {
    const rows = x.shape[0];
    const data = new Float32Array(rows * CLASSES);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < CLASSES; c++) {
        let sum = 0;
        for (let i = 0; i < length; i++) sum += x.data[r * length + i] * weights[c * length + i] * (i % 7 === 0 ? x.data[r * length + i] : 1);
        data[r * CLASSES + c] = sum;
      }
    }
    return { data, shape: [rows, CLASSES] };
  };
  return { input, model, length };
}

function inBox(sizes: number[], index: number, { start, end }: { start: number[]; end: number[] }): boolean {
  let rest = index;
  for (let d = sizes.length - 1; d >= 0; d--) {
    const p = rest % sizes[d];
    rest = Math.floor(rest / sizes[d]);
    if (p < start[d] || p >= end[d]) return false;
  }
  return true;
}

for (const [n, { sizes, window, strides, perEval }] of CASES.entries()) {
  const name = `[${sizes}] window [${window}] stride [${strides}], ${perEval} per call`;

  test(`${name}: window k's box is where the library's k-th perturbation put the baseline`, async () => {
    const { input, model, length } = setup(sizes, n + 1);
    const partial = new PartialAttribution(sizes, window, strides);
    let call = -2; // the unperturbed call comes first, then perturbed calls 0, 1, ...
    const seen = new Set<number>();
    const forward = async (x: Tensor) => {
      call++;
      for (let row = 0; row < x.shape[0] && call >= 0; row++) {
        const k = windowOfCopy(partial.windowCount, perEval, call, row);
        if (k < 0 || seen.has(k)) assert.unreachable(`call ${call} row ${row}: window ${k} is not a new window`);
        seen.add(k);
        const box = partial.box(k);
        for (let i = 0; i < length; i++) {
          const perturbed = x.data[row * length + i] === BASELINE;
          if (perturbed !== inBox(sizes, i, box)) assert.unreachable(`window ${k}, element ${i}: perturbed ${perturbed}, box ${JSON.stringify(box)}`);
        }
      }
      return model(x);
    };
    await new Occlusion(forward).attribute(input, { slidingWindowShapes: window, strides, baselines: BASELINE, target: 0, perturbationsPerEval: perEval });
    assert.is(seen.size, partial.windowCount);
  });

  test(`${name}: with every window in, the partial map is the library's attribution`, async () => {
    const { input, model } = setup(sizes, n + 11);
    const partial = new PartialAttribution(sizes, window, strides);
    const seen: number[] = [];
    const attr = await new Occlusion(recordingForward(model, 2, partial, perEval)).attribute(input, {
      slidingWindowShapes: window, strides, target: 2, perturbationsPerEval: perEval,
      showProgress: () => seen.push(partial.added),
    });
    assert.ok(partial.complete);
    assert.ok(partial.covered().every((c) => c === 1), "every element covered");
    const values = partial.values();
    attr.data.forEach((expected, i) => {
      if (Math.abs(values[i] - expected) > 1e-5 * Math.max(1, Math.abs(expected))) assert.unreachable(`element ${i}: partial ${values[i]}, library ${expected}`);
    });
    // After each forward call the windows it evaluated are in: perEval more each time.
    assert.equal(seen, seen.map((_, call) => Math.min(call * perEval, partial.windowCount)));
  });
}

test("the covered mask grows window by window; window numbers run the first dimension first", () => {
  const partial = new PartialAttribution([1, 4, 4], [1, 2, 2], [1, 2, 2]);
  partial.add(0, 1);
  assert.equal([...partial.covered()], [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  partial.add(1, 3); // window 1: one step down (dim 1 before dim 2)
  assert.equal([...partial.values()], [1, 1, 0, 0, 1, 1, 0, 0, 3, 3, 0, 0, 3, 3, 0, 0]);
});

test("windowOfCopy deals each window to one (call, copy), calls as full as Captum's", () => {
  for (const [windows, perEval] of [[10, 3], [9, 3], [4, 8], [441, 16], [3249, 64], [1, 1]]) {
    const copies = Math.min(perEval, windows);
    const calls = Math.ceil(windows / perEval);
    const dealt: number[] = [];
    for (let call = 0; call < calls; call++) {
      const rows = Array.from({ length: copies }, (_, copy) => windowOfCopy(windows, perEval, call, copy)).filter((k) => k >= 0);
      // Captum's batch sizes: perEval per call, the remainder in the last.
      assert.is(rows.length, Math.min(perEval, windows - call * perEval), `${windows}/${perEval} call ${call}`);
      dealt.push(...rows);
    }
    assert.equal(dealt.sort((a, b) => a - b), Array.from({ length: windows }, (_, k) => k));
  }
});

test("adding more windows than there are throws", () => {
  const partial = new PartialAttribution([2], [2], [1]);
  partial.add(0, 1);
  assert.throws(() => partial.add(1, 1), /already added/);
});

test.run();
