import { MASK_F64, MASK_INT64, MAX_ID, readMaskIds } from "../masks/ids";
import { clearTable, collectNewIds, distinctBound, featureOfId, numberNewIds, tableBytes } from "../masks/features";
import { maskRuns, runsAt } from "../masks/runs";
import { defaultRuns } from "../masks/default";
import { ptr } from "./helpers";

// Plain references: a dense feature per element, numbering by repeated minimum search.

function u64s(values: u64[]): StaticArray<u64> {
  return StaticArray.fromArray<u64>(values);
}

let seed: u32 = 12345;
function random(): u32 {
  seed = seed * 1664525 + 1013904223;
  return seed >> 8;
}

describe("readMaskIds", () => {
  it("takes int64 ids up to 2^53 - 1 and rejects 2^53, negatives and uint64 beyond", () => {
    expect(readMaskIds(ptr(u64s([0, MAX_ID, MAX_ID - 1])), 3, MASK_INT64)).toBe(-1);
    expect(readMaskIds(ptr(u64s([0, 1, MAX_ID + 1])), 3, MASK_INT64)).toBe(2);
    expect(readMaskIds(ptr(u64s([0, <u64>(-1 as i64)])), 2, MASK_INT64)).toBe(1);
    expect(readMaskIds(ptr(u64s([u64.MAX_VALUE])), 1, MASK_INT64)).toBe(0);
  });
  it("reads float ids that are whole numbers (-0 is 0) and rejects fractions, NaN, negatives and 2^53", () => {
    const good = StaticArray.fromArray<f64>([0, -0.0, 3, 2147483647, 9007199254740991]);
    expect(readMaskIds(ptr(good), 5, MASK_F64)).toBe(-1);
    const ids = changetype<StaticArray<u64>>(good);
    const expected: u64[] = [0, 0, 3, 2147483647, MAX_ID];
    for (let i = 0; i < 5; i++) expect(ids[i]).toBe(expected[i]);
    expect(readMaskIds(ptr(StaticArray.fromArray<f64>([1, 0.5])), 2, MASK_F64)).toBe(1);
    expect(readMaskIds(ptr(StaticArray.fromArray<f64>([NaN])), 1, MASK_F64)).toBe(0);
    expect(readMaskIds(ptr(StaticArray.fromArray<f64>([2, 3, 9007199254740992])), 3, MASK_F64)).toBe(2);
    expect(readMaskIds(ptr(StaticArray.fromArray<f64>([0, -1])), 2, MASK_F64)).toBe(1);
    expect(readMaskIds(ptr(StaticArray.fromArray<f64>([Infinity])), 1, MASK_F64)).toBe(0);
  });
});

/** Numbers masks (ids already read) as the wrapper does: collect new ids, sort them (here by insertion), number them. */
function number(masks: StaticArray<u64>[], table: StaticArray<u8>, bits: i32): i32 {
  clearTable(ptr(table), bits);
  let count = 0;
  for (let m = 0; m < masks.length; m++) {
    const list = new StaticArray<u64>(masks[m].length);
    const fresh = collectNewIds(ptr(masks[m]), masks[m].length, ptr(table), bits, ptr(list));
    for (let i = 1; i < fresh; i++) {
      const id = list[i];
      let at = i - 1;
      for (; at >= 0 && list[at] > id; at--) list[at + 1] = list[at];
      list[at + 1] = id;
    }
    count = numberNewIds(ptr(list), fresh, ptr(table), bits, count);
  }
  return count;
}

describe("collectNewIds, numberNewIds", () => {
  it("lists each id once, the first mask that has it; numbered, mask 0's ids ascending, then mask 1's new ones; an id in both masks is one feature", () => {
    const first = u64s([5, MAX_ID, 5, 7, 7]);
    const second = u64s([7, 3, MAX_ID - 1, 3, MAX_ID]);
    const bound = distinctBound(ptr(first), 5) + distinctBound(ptr(second), 5);
    expect(bound).toBe(9);
    const bits = 5;
    const table = new StaticArray<u8>(<i32>tableBytes(bits));
    expect(number([first, second], table, bits)).toBe(5);
    const ids: u64[] = [5, 7, MAX_ID, 3, MAX_ID - 1];
    for (let f = 0; f < 5; f++) expect(featureOfId(ptr(table), bits, ids[f])).toBe(f);
  });
  it("agrees with a plain numbering on random masks of repeated ids", () => {
    for (let round = 0; round < 20; round++) {
      const masks: StaticArray<u64>[] = [];
      for (let m = 0; m < 3; m++) {
        const mask = new StaticArray<u64>(<i32>(1 + random() % 40));
        for (let i = 0; i < mask.length; i++) mask[i] = round % 2 == 0 ? <u64>(random() % 12) : MAX_ID - <u64>(random() % 12);
        masks.push(mask);
      }
      const table = new StaticArray<u8>(<i32>tableBytes(8));
      const count = number(masks, table, 8);
      // Reference: per mask, repeatedly take the smallest id not numbered yet.
      const numbered: u64[] = [];
      for (let m = 0; m < 3; m++) {
        while (true) {
          let best: u64 = u64.MAX_VALUE;
          for (let i = 0; i < masks[m].length; i++) if (masks[m][i] < best && !numbered.includes(masks[m][i])) best = masks[m][i];
          if (best == u64.MAX_VALUE) break;
          numbered.push(best);
        }
      }
      expect(count).toBe(numbered.length);
      for (let f = 0; f < numbered.length; f++) expect(featureOfId(ptr(table), 8, numbered[f])).toBe(f);
    }
  });
});

/** Checks runs against the dense features of [shape] read through strides: every element once, in its feature's runs, rows not crossed, runs maximal. */
function checkRuns(ids: StaticArray<u64>, shape: i32[], strides: i32[]): void {
  const rank = shape.length;
  const table = new StaticArray<u8>(<i32>tableBytes(8));
  const count = number([ids], table, 8);
  let total = 1;
  for (let d = 0; d < rank; d++) total *= shape[d];
  const dense = new StaticArray<i32>(total);
  for (let e = 0; e < total; e++) {
    let rest = e;
    let at = 0;
    for (let d = rank - 1; d >= 0; d--) {
      at += (rest % shape[d]) * strides[d];
      rest /= shape[d];
    }
    dense[e] = featureOfId(ptr(table), 8, ids[at]);
  }
  const shapeArray = StaticArray.fromArray<i32>(shape);
  const strideArray = StaticArray.fromArray<i32>(strides);
  const coords = new StaticArray<i32>(rank);
  const scratch = new StaticArray<u8>(total * 20 + 16);
  const offsets = new StaticArray<i32>(count + 1);
  const runCount = maskRuns(ptr(ids), ptr(shapeArray), ptr(strideArray), rank, ptr(coords), ptr(table), 8, count, ptr(scratch), ptr(offsets));
  const runsPtr = runsAt(ptr(scratch), runCount);
  expect(offsets[0]).toBe(0);
  expect(offsets[count]).toBe(runCount);
  const seen = new StaticArray<i32>(total);
  const rowLength = shape[rank - 1];
  let covered = 0;
  for (let f = 0; f < count; f++) {
    for (let run = offsets[f]; run < offsets[f + 1]; run++) {
      const start = load<i32>(runsPtr + (<usize>run << 3));
      const length = load<i32>(runsPtr + (<usize>run << 3) + 4);
      expect(length > 0).toBe(true);
      expect(start / rowLength).toBe((start + length - 1) / rowLength, "a run stays in its row");
      if (start % rowLength > 0) expect(dense[start - 1] != f).toBe(true, "runs are maximal");
      if ((start + length) % rowLength > 0) expect(dense[start + length] != f).toBe(true, "runs are maximal");
      for (let e = start; e < start + length; e++) {
        expect(dense[e]).toBe(f);
        seen[e]++;
        covered++;
      }
    }
  }
  expect(covered).toBe(total);
  for (let e = 0; e < total; e++) expect(seen[e]).toBe(1);
}

describe("maskRuns", () => {
  it("a [1, 1, 2, 4] mask broadcast over the channels of [1, 3, 2, 4]", () => {
    checkRuns(u64s([1, 1, 2, 2, 9, 1, 1, 1]), [1, 3, 2, 4], [0, 0, 4, 1]);
  });
  it("a per-example [2, 5] mask with ids near 2^53", () => {
    checkRuns(u64s([MAX_ID, MAX_ID, 0, 0, MAX_ID, 0, 0, 0, MAX_ID - 1, MAX_ID - 1]), [2, 5], [5, 1]);
  });
  it("a mask whose last dimension broadcasts ([1, 3, 1] over [1, 3, 6]): one run per row", () => {
    checkRuns(u64s([4, 4, 2]), [1, 3, 6], [0, 1, 0]);
  });
  it("random masks of every row length 1-20 (SIMD skips and tails)", () => {
    for (let row = 1; row <= 20; row++) {
      const ids = new StaticArray<u64>(3 * row);
      for (let i = 0; i < ids.length; i++) ids[i] = <u64>(random() % 3 == 0 ? random() % 4 : (i > 0 ? <u32>ids[i - 1] : 0));
      checkRuns(ids, [3, row], [row, 1]);
    }
  });
});

describe("defaultRuns", () => {
  it("writes one run per element and offsets of the input's own features", () => {
    for (let length = 0; length < 6; length++) {
      const runs = new StaticArray<i32>(2 * length + 1);
      runs[2 * length] = -7;
      const offsets = new StaticArray<i32>(3 + length + 2 + 1);
      defaultRuns(ptr(runs), ptr(offsets), 3, length, 3 + length + 2);
      for (let p = 0; p < length; p++) {
        expect(runs[2 * p]).toBe(p);
        expect(runs[2 * p + 1]).toBe(1);
      }
      expect(runs[2 * length]).toBe(-7, "nothing past the runs");
      for (let f = 0; f < offsets.length; f++) expect(offsets[f]).toBe(f < 3 ? 0 : f - 3 > length ? length : f - 3);
    }
  });
});
