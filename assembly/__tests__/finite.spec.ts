import { countNonFinite } from "../shared/finite";
import { f32s, ptr } from "./helpers";

describe("countNonFinite", () => {
  it("counts nothing in finite data, at tail lengths 0-7 past a SIMD body", () => {
    for (let length = 0; length < 16; length++) {
      const values = f32s(length);
      for (let i = 0; i < length; i++) values[i] = <f32>(i - 5) * 1e30;
      if (length > 0) values[0] = F32.MAX_VALUE;
      expect(countNonFinite(ptr(values), length)).toBe(0);
    }
  });
  it("counts NaN, Infinity and -Infinity wherever they are, at lengths 1-15", () => {
    for (let length = 1; length < 16; length++) {
      for (let at = 0; at < length; at++) {
        const values = f32s(length);
        values[at] = at % 3 == 0 ? NaN : at % 3 == 1 ? Infinity : -Infinity;
        expect(countNonFinite(ptr(values), length)).toBe(1);
      }
    }
  });
  it("counts every non-finite value, and none past `length`", () => {
    const values: StaticArray<f32> = [NaN, 1, Infinity, -0.0, -Infinity, 2, NaN, 3, 4, NaN];
    expect(countNonFinite(ptr(values), 10)).toBe(5);
    expect(countNonFinite(ptr(values), 9)).toBe(4);
    expect(countNonFinite(ptr(values), 0)).not.toBe(1);
  });
});
