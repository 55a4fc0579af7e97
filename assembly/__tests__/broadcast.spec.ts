import { expandBroadcast } from "../batch/broadcast";
import { f32s, ptr } from "./helpers";

describe("expandBroadcast", () => {
  it("repeats a [3, 1] baseline over a [2, 3, 4] input", () => {
    const source: StaticArray<f32> = [10, 20, 30];
    const shape: StaticArray<i32> = [2, 3, 4];
    const strides: StaticArray<i32> = [0, 1, 0];
    const out = f32s(24);
    expandBroadcast(ptr(source), ptr(out), ptr(shape), ptr(strides), 3);
    for (let i = 0; i < 24; i++) expect(out[i]).toBe(source[(i / 4) % 3]);
  });
  it("copies a full-shape baseline unchanged, for row lengths 1-9", () => {
    for (let row = 1; row <= 9; row++) {
      const source = f32s(2 * row);
      for (let i = 0; i < 2 * row; i++) source[i] = <f32>i;
      const shape: StaticArray<i32> = [2, row];
      const strides: StaticArray<i32> = [row, 1];
      const out = f32s(2 * row + 1);
      out[2 * row] = -7;
      expandBroadcast(ptr(source), ptr(out), ptr(shape), ptr(strides), 2);
      for (let i = 0; i < 2 * row; i++) expect(out[i]).toBe(<f32>i);
      expect(out[2 * row]).toBe(-7, "nothing is written past the end");
    }
  });
  it("repeats a per-example baseline [2, 1, 1] over [2, 2, 3] and not across examples", () => {
    const source: StaticArray<f32> = [1, 2];
    const shape: StaticArray<i32> = [2, 2, 3];
    const strides: StaticArray<i32> = [1, 0, 0];
    const out = f32s(12);
    expandBroadcast(ptr(source), ptr(out), ptr(shape), ptr(strides), 3);
    expect(out[5]).toBe(1);
    expect(out[6]).toBe(2);
    expect(out[6]).not.toBe(1);
  });
  it("copies a 0-d value", () => {
    const source: StaticArray<f32> = [4];
    const out = f32s(1);
    expandBroadcast(ptr(source), ptr(out), 0, 0, 0);
    expect(out[0]).toBe(4);
  });
});
