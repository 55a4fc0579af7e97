import { clearSameCopies } from "../shared/compare";
import { f32s, fillPseudoRandom, ptr } from "./helpers";

/** Fills `count` copies of source into copies. */
function copyIn(source: StaticArray<f32>, copies: StaticArray<f32>, length: i32, count: i32): void {
  for (let i = 0; i < length * count; i++) copies[i] = source[i % length];
}

function allZero(copies: StaticArray<f32>, words: i32): bool {
  for (let i = 0; i < words; i++) if (load<i32>(ptr(copies) + (<usize>i << 2)) != 0) return false;
  return true;
}

describe("clearSameCopies", () => {
  it("is 1 for copies equal to the source, 0 when any one word of any copy differs by one bit, and leaves every copy zero (lengths 0-40 words: SIMD body and tails)", () => {
    for (let length = 0; length <= 40; length++) {
      const source = f32s(length);
      fillPseudoRandom(source, 17 + length);
      for (let count = 1; count <= 3; count++) {
        const copies = f32s(length * count);
        copyIn(source, copies, length, count);
        expect(clearSameCopies(ptr(source), ptr(copies), <usize>length << 2, count)).toBe(1);
        expect(allZero(copies, length * count)).toBe(true, "cleared after an equal pass");
        for (let word = 0; word < length * count; word++) {
          for (let bit = 0; bit < 32; bit += 31) {
            copyIn(source, copies, length, count);
            const at = ptr(copies) + (<usize>word << 2);
            store<i32>(at, load<i32>(at) ^ (1 << bit));
            expect(clearSameCopies(ptr(source), ptr(copies), <usize>length << 2, count)).toBe(0);
            expect(allZero(copies, length * count)).toBe(true, "cleared after a pass that found a difference");
          }
        }
      }
    }
  });
  it("tells -0 from 0 and neither reads nor clears past the last copy", () => {
    const source = StaticArray.fromArray<f32>([0, 1, 2, 3, 4]);
    const copies = StaticArray.fromArray<f32>([-0.0, 1, 2, 3, 4, 99]);
    expect(clearSameCopies(ptr(source), ptr(copies), 20, 1)).toBe(0);
    for (let i = 0; i < 5; i++) copies[i] = source[i];
    expect(clearSameCopies(ptr(source), ptr(copies), 20, 1)).toBe(1, "the word after the copy is not compared");
    expect(copies[5]).toBe(99, "the word after the copy is not cleared");
  });
});
