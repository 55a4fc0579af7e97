import { spreadDifferences } from "../spread/accumulate";
import { f32s, fillPseudoRandom, geometry, inWindow, product, ptr, windowCount } from "./helpers";

/** spreadDifferences against the dense reference: sum of covering windows' differences / their count. */
function checkSpread(sizes: i32[], windows: i32[], strides: i32[], outputs: i32, exact: bool = false, outliers: f32[] = []): void {
  const block = geometry(sizes, windows, strides);
  const length = product(sizes);
  const count = windowCount(block);
  const differences = f32s(count * outputs);
  fillPseudoRandom(differences, 11);
  // Outliers go to spread-out windows: their neighbours' sums must not lose the small values.
  for (let i = 0; i < outliers.length; i++) differences[(i * 7919) % differences.length] = outliers[i];
  const out = f32s(outputs * length);
  const grid = new StaticArray<f64>(length);
  const spread = new StaticArray<f64>(length);
  let coverageLength = 0;
  for (let dim = 0; dim < sizes.length; dim++) coverageLength += sizes[dim];
  // Coverage (f64 per position), then 2 * rank i32 of window digits.
  const coverage = new StaticArray<f64>(coverageLength + sizes.length + 1);
  spreadDifferences(ptr(differences), outputs, ptr(block), sizes.length, ptr(out), ptr(grid), ptr(spread), ptr(coverage));
  for (let output = 0; output < outputs; output++) {
    for (let element = 0; element < length; element++) {
      let sum: f64 = 0;
      let covering = 0;
      for (let window = 0; window < count; window++) {
        if (!inWindow(block, window, element)) continue;
        sum += <f64>differences[window * outputs + output];
        covering++;
      }
      expect(covering).toBeGreaterThan(0, "every element is covered");
      // Differences are multiples of 2^-15, so f64 sums are exact and the mean can be checked bit for bit.
      if (exact) expect(out[output * length + element]).toBe(<f32>(sum / covering));
      else expect(out[output * length + element]).toBeCloseTo(<f32>(sum / covering), 5);
    }
  }
}

describe("spreadDifferences", () => {
  it("averages the windows covering each element of a 1-d row", () => {
    checkSpread([7], [3], [2], 1);
  });
  it("cuts windows off at the border of a 2-d input", () => {
    checkSpread([5, 7], [2, 3], [2, 2], 2);
  });
  it("handles stride 1 with large windows", () => {
    checkSpread([9, 8], [6, 5], [1, 1], 1);
  });
  it("handles window dimensions of 1 and a full-width window", () => {
    checkSpread([3, 1, 4], [1, 1, 4], [1, 1, 7], 3);
  });
  it("handles 4 and 5 non-batch dimensions", () => {
    checkSpread([2, 3, 4, 5], [1, 2, 2, 3], [1, 1, 2, 2], 2);
    checkSpread([2, 2, 3, 2, 6], [2, 1, 2, 1, 4], [1, 1, 1, 1, 3], 1);
  });
  it("writes rows of every SIMD tail length (0-7 values past whole vectors) with the exactly rounded mean", () => {
    for (let row = 1; row <= 16; row++) {
      checkSpread([2, row], [1, min(3, row)], [1, 2], 2, true);
      checkSpread([row], [min(4, row)], [1], 1, true);
    }
  });
  it("broadcasts dimensions the window spans (a single position), first, middle, last or all", () => {
    checkSpread([3, 5, 4], [3, 2, 4], [1, 1, 1], 2, true);
    checkSpread([4, 6, 5], [2, 6, 3], [2, 1, 1], 1, true);
    checkSpread([2, 3, 9], [1, 3, 9], [1, 1, 1], 3, true);
    checkSpread([2, 3], [2, 3], [1, 1], 2, true);
  });
  it("gives a 1-d input (no non-batch dimension) its single window's difference", () => {
    const block = new StaticArray<i32>(0);
    const differences: StaticArray<f32> = [1.5, -2, 3];
    const out = f32s(3);
    const scratch = new StaticArray<f64>(2);
    spreadDifferences(ptr(differences), 3, ptr(block), 0, ptr(out), ptr(scratch), ptr(scratch), ptr(scratch));
    expect(out[0]).toBe(1.5);
    expect(out[1]).toBe(-2);
    expect(out[2]).toBe(3);
  });
  it("divides by coverage, not by the window volume", () => {
    // Windows [0,2) and [1,3) on 3 elements: the middle one is covered twice.
    const block = geometry([3], [2], [1]);
    const differences: StaticArray<f32> = [2, 4];
    const out = f32s(3);
    const scratch = new StaticArray<f64>(10); // grid, spread, coverage: 3 f64 each; window digits: 2 i32
    spreadDifferences(ptr(differences), 1, ptr(block), 1, ptr(out), ptr(scratch), ptr(scratch) + 24, ptr(scratch) + 48);
    expect(out[0]).toBe(2);
    expect(out[1]).toBe(3);
    expect(out[1]).not.toBe(6);
    expect(out[2]).toBe(4);
  });
  it("keeps every element's mean when one window's difference is huge (no cancellation across windows)", () => {
    checkSpread([64], [1], [1], 1, true, [1e30]);
    checkSpread([64], [5], [2], 1, true, [1e30]);
    checkSpread([32, 32], [4, 4], [2, 2], 1, true, [-3.4028234663852886e38]);
    checkSpread([32, 32], [3, 5], [1, 1], 2, true, [1e16, -1e16, 1e11]);
    checkSpread([6, 9, 10], [2, 3, 4], [1, 2, 3], 1, true, [3.4028234663852886e38, -3.4028234663852886e38, 1e-30]);
  });
  it("mixes differences from 1e-30 to 1e38 and still matches the per-element f64 accumulation", () => {
    const outliers: f32[] = [];
    for (let i = 0; i < 40; i++) outliers.push(<f32>(Math.pow(10, <f64>(i * 17 % 69) - 30) * (i % 2 ? -1 : 1)));
    checkSpread([7, 11, 13], [3, 2, 5], [2, 1, 3], 1, true, outliers);
    checkSpread([40], [9], [4], 2, true, outliers);
  });
});
