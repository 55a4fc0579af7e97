import { sameCopies } from "../shared/compare";
import { f32s, fillPseudoRandom, ptr } from "./helpers";

describe("sameCopies", () => {
  it("is 1 for copies equal to the source, 0 when any one word of any copy differs by one bit (lengths 0-23 words: SIMD body and tails)", () => {
    for (let length = 0; length < 24; length++) {
      const source = f32s(length);
      fillPseudoRandom(source, 17 + length);
      for (let count = 1; count <= 3; count++) {
        const copies = f32s(length * count);
        for (let i = 0; i < length * count; i++) copies[i] = source[i % length];
        expect(sameCopies(ptr(source), ptr(copies), <usize>length << 2, count)).toBe(1);
        for (let word = 0; word < length * count; word++) {
          for (let bit = 0; bit < 32; bit += 31) {
            const at = ptr(copies) + (<usize>word << 2);
            store<i32>(at, load<i32>(at) ^ (1 << bit));
            expect(sameCopies(ptr(source), ptr(copies), <usize>length << 2, count)).toBe(0);
            store<i32>(at, load<i32>(at) ^ (1 << bit));
          }
        }
        expect(sameCopies(ptr(source), ptr(copies), <usize>length << 2, count)).toBe(1);
      }
    }
  });
  it("tells -0 from 0 and reads nothing past the last copy", () => {
    const source = StaticArray.fromArray<f32>([0, 1, 2, 3, 4]);
    const copies = StaticArray.fromArray<f32>([-0.0, 1, 2, 3, 4, 99]);
    expect(sameCopies(ptr(source), ptr(copies), 20, 1)).toBe(0);
    copies[0] = 0;
    expect(sameCopies(ptr(source), ptr(copies), 20, 1)).toBe(1, "the word after the copy is not compared");
  });
});
