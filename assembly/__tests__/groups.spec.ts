import { updateGroups } from "../batch/groups";
import { spreadGroups } from "../spread/groups";
import { f32s, ptr } from "./helpers";

// One example of 10 elements, 2 examples; features: 0 = {0,1,2, 7}, 1 = {3,4}, 2 = {5,6, 8,9}.
const FEATURE_OF: i32[] = [0, 0, 0, 1, 1, 2, 2, 0, 2, 2];

function runsTable(): StaticArray<i32> {
  // Grouped by feature: f0 (0,3) (7,1); f1 (3,2); f2 (5,2) (8,2).
  return StaticArray.fromArray<i32>([0, 3, 7, 1, 3, 2, 5, 2, 8, 2]);
}

function offsetsTable(): StaticArray<i32> {
  return StaticArray.fromArray<i32>([0, 2, 3, 5]);
}

describe("updateGroups", () => {
  it("moves a copy from feature to feature: the held group restored, the needed one set, the rest untouched", () => {
    const source = f32s(20);
    for (let i = 0; i < 20; i++) source[i] = <f32>(i + 1);
    const copy = f32s(20);
    for (let i = 0; i < 20; i++) copy[i] = source[i];
    const runs = runsTable();
    const offsets = offsetsTable();
    const jobs = new StaticArray<i32>(2);
    let held = -1;
    for (let feature = 0; feature < 3; feature++) {
      jobs[0] = held;
      jobs[1] = feature;
      updateGroups(ptr(source), 0, -7, ptr(copy), 80, ptr(runs), ptr(offsets), 2, 10, 1, ptr(jobs), 1);
      for (let i = 0; i < 20; i++) expect(copy[i]).toBe(FEATURE_OF[i % 10] == feature ? <f32>-7 : source[i]);
      held = feature;
    }
  });

  it("moves int64 elements as word pairs, from a tensor baseline", () => {
    const source = new StaticArray<i64>(20);
    const baseline = new StaticArray<i64>(20);
    for (let i = 0; i < 20; i++) {
      source[i] = (<i64>i << 40) + 3;
      baseline[i] = -(<i64>i << 33) - 1;
    }
    const copy = new StaticArray<i64>(20);
    for (let i = 0; i < 20; i++) copy[i] = source[i];
    const jobs = StaticArray.fromArray<i32>([-1, 2]);
    updateGroups(ptr(source), ptr(baseline), 0, ptr(copy), 160, ptr(runsTable()), ptr(offsetsTable()), 2, 20, 2, ptr(jobs), 1);
    jobs[0] = 2;
    jobs[1] = 1;
    updateGroups(ptr(source), ptr(baseline), 0, ptr(copy), 160, ptr(runsTable()), ptr(offsetsTable()), 2, 20, 2, ptr(jobs), 1);
    for (let i = 0; i < 20; i++) expect(copy[i]).toBe(FEATURE_OF[i % 10] == 1 ? baseline[i] : source[i]);
  });
});

describe("spreadGroups", () => {
  it("writes every element its feature's difference, in every output row", () => {
    const differences = StaticArray.fromArray<f32>([1, -1, 2, -2, 3, -3]); // [features 3, rows 2]
    const out = f32s(20);
    spreadGroups(ptr(differences), 2, ptr(runsTable()), ptr(offsetsTable()), 3, 10, false, ptr(out));
    for (let row = 0; row < 2; row++) {
      for (let p = 0; p < 10; p++) expect(out[row * 10 + p]).toBe(differences[FEATURE_OF[p] * 2 + row]);
    }
  });

  it("with a per-example mask, a run in example b takes row b's difference only", () => {
    // Example 0: features as FEATURE_OF; example 1: all feature 1.
    const runs = StaticArray.fromArray<i32>([0, 3, 7, 1, 3, 2, 10, 10, 5, 2, 8, 2]);
    const offsets = StaticArray.fromArray<i32>([0, 2, 4, 6]);
    const differences = StaticArray.fromArray<f32>([1, -1, 2, -2, 3, -3]);
    const out = f32s(20);
    spreadGroups(ptr(differences), 2, ptr(runs), ptr(offsets), 3, 10, true, ptr(out));
    for (let p = 0; p < 10; p++) {
      expect(out[p]).toBe(differences[FEATURE_OF[p] * 2]);
      expect(out[10 + p]).toBe(<f32>-2);
    }
  });
});
