import { copyWindow, fillWindow, replicate } from "../ablate";
import { f32s, fillPseudoRandom, geometry, inWindow, product, ptr, windowCount } from "./helpers";

/** Runs copyWindow and fillWindow for every window and compares with the dense mask reference. */
function checkEveryWindow(sizes: i32[], windows: i32[], strides: i32[], examples: i32): void {
  const block = geometry(sizes, windows, strides);
  const length = product(sizes);
  const source = f32s(length * examples);
  fillPseudoRandom(source, 7);
  for (let window = 0; window < windowCount(block); window++) {
    const copied = f32s(length * examples);
    const filled = f32s(length * examples);
    copyWindow(ptr(source), ptr(copied), examples, ptr(block), sizes.length, window);
    fillWindow(ptr(filled), 2.5, examples, ptr(block), sizes.length, window);
    for (let i = 0; i < length * examples; i++) {
      const inside = inWindow(block, window, i % length);
      expect(copied[i]).toBe(inside ? source[i] : 0, "copyWindow writes exactly the window");
      expect(filled[i]).toBe(inside ? 2.5 : 0, "fillWindow writes exactly the window");
    }
  }
}

describe("copyWindow and fillWindow", () => {
  it("write a 2-d window in every example", () => {
    checkEveryWindow([3, 5], [2, 2], [1, 2], 2);
  });
  it("cut the last window off at the border", () => {
    checkEveryWindow([5, 7], [2, 3], [2, 3], 1);
  });
  it("handle window dimensions of 1", () => {
    checkEveryWindow([3, 1, 4], [1, 1, 1], [1, 1, 1], 2);
  });
  it("handle a 1-d input (no non-batch dimension): its window is the example's value", () => {
    const block = new StaticArray<i32>(0);
    const source: StaticArray<f32> = [1, 2, 3];
    const copied = f32s(3);
    copyWindow(ptr(source), ptr(copied), 3, ptr(block), 0, 0);
    expect(copied[2]).toBe(3);
    fillWindow(ptr(copied), -1, 3, ptr(block), 0, 0);
    expect(copied[0]).toBe(-1);
    expect(copied[2]).toBe(-1);
  });
  it("handle a 5-d input (4 non-batch dimensions) with mixed strides", () => {
    checkEveryWindow([2, 3, 4, 5], [1, 2, 2, 3], [1, 1, 2, 2], 2);
  });
  it("handle 5 non-batch dimensions", () => {
    checkEveryWindow([2, 2, 3, 2, 6], [2, 1, 2, 1, 4], [1, 1, 1, 1, 3], 1);
  });
  it("write rows of every SIMD tail length (0-7 elements past whole vectors) and nothing past the row", () => {
    for (let row = 1; row <= 16; row++) {
      // One window covering a row of `row` elements inside a longer padded row.
      checkEveryWindow([2, row + 3], [1, row], [1, 1], 1);
    }
  });
  it("does not write the window of the wrong input position", () => {
    const block = geometry([4], [2], [2]);
    const out = f32s(4);
    fillWindow(ptr(out), 1, 1, ptr(block), 1, 1);
    expect(out[0]).not.toBe(1, "window 1 starts at 2");
    expect(out[2]).toBe(1);
  });
});

describe("replicate", () => {
  it("writes consecutive copies", () => {
    const source: StaticArray<f32> = [1, 2, 3];
    const copies = f32s(9);
    replicate(ptr(source), ptr(copies), 12, 3);
    for (let i = 0; i < 9; i++) expect(copies[i]).toBe(source[i % 3]);
  });
  it("writes nothing for zero copies", () => {
    const source: StaticArray<f32> = [1, 2, 3];
    const copies = f32s(3);
    replicate(ptr(source), ptr(copies), 12, 0);
    expect(copies[0]).toBe(0);
  });
});
