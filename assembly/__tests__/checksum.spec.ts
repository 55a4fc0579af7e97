import { checksum } from "../shared/checksum";
import { f32s, ptr } from "./helpers";

describe("checksum", () => {
  it("is the same for the same bytes, at lengths 0-23 words (SIMD body and tails)", () => {
    for (let length = 0; length < 24; length++) {
      const a = f32s(length);
      const b = f32s(length);
      for (let i = 0; i < length; i++) { a[i] = <f32>i * 0.5 - 3; b[i] = <f32>i * 0.5 - 3; }
      expect(checksum(ptr(a), length * 4)).toBe(checksum(ptr(b), <usize>(length * 4)));
    }
  });
  it("changes when any one word changes, in the body or the tail", () => {
    for (let length = 1; length < 24; length++) {
      const values = f32s(length);
      for (let i = 0; i < length; i++) values[i] = <f32>i;
      const before = checksum(ptr(values), <usize>(length * 4));
      for (let at = 0; at < length; at++) {
        const kept = values[at];
        values[at] = kept + 1;
        expect(checksum(ptr(values), <usize>(length * 4))).not.toBe(before);
        values[at] = -0.0 == kept ? 0 : -kept; // a sign flip, and -0 for 0
        if (kept != 0) expect(checksum(ptr(values), <usize>(length * 4))).not.toBe(before);
        values[at] = kept;
      }
      expect(checksum(ptr(values), <usize>(length * 4))).toBe(before);
    }
  });
  it("tells a zero-filled buffer from a shorter one and from swapped words", () => {
    const zeros = f32s(8);
    expect(checksum(ptr(zeros), 32)).not.toBe(checksum(ptr(zeros), <usize>(28)));
    const values = f32s(8);
    for (let i = 0; i < 8; i++) values[i] = <f32>(i + 1);
    const before = checksum(ptr(values), <usize>(32));
    values[0] = 2; values[1] = 1;
    expect(checksum(ptr(values), <usize>(32))).not.toBe(before);
  });
});
