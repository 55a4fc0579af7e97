// A move overwrites only words whose content it knows, and compares each with what it
// must hold first (shared/replace.ts): a word changed by someone else (forward) is
// flagged when the move overwrites it, and left in place otherwise, for the wrapper's
// end-of-run comparison. So no change is ever erased unseen.
import { updateWindows } from "../batch/ablate";
import { updateGroups } from "../batch/groups";
import { BOX_RECORD_FIELDS, WINDOW_SCRATCH_FIELDS } from "../shared/layout";
import { takeMismatch } from "../shared/replace";
import { f32s, fillPseudoRandom, geometry, inWindow, product, ptr, windowCount } from "./helpers";

const VALUE: f32 = 2.5;

function inside(block: StaticArray<i32>, window: i32, element: i32): bool {
  return window >= 0 && inWindow(block, window, element);
}

/** The source with window `window` (-1: none) of every example replaced by the baseline. */
function dense(source: StaticArray<f32>, baseline: StaticArray<f32> | null, block: StaticArray<i32>, window: i32, length: i32): StaticArray<f32> {
  const out = f32s(source.length);
  for (let i = 0; i < source.length; i++) out[i] = inside(block, window, i % length) ? (baseline ? baseline[i] : VALUE) : source[i];
  return out;
}

function bits(array: StaticArray<f32>, index: i32): i32 {
  return load<i32>(ptr(array) + (<usize>index << 2));
}

function flip(array: StaticArray<f32>, index: i32): void {
  store<i32>(ptr(array) + (<usize>index << 2), bits(array, index) ^ 1);
}

/**
 * After a move of a copy with word `word` changed (-1: none) into `want`: the flag is set
 * exactly when the move overwrote the word; every other word equals want's, and a word not
 * overwritten still holds the change.
 */
function outcomeRight(copy: StaticArray<f32>, want: StaticArray<f32>, word: i32, overwritten: bool): bool {
  if (takeMismatch() != (overwritten ? 1 : 0)) return false;
  for (let i = 0; i < want.length; i++) {
    const changed = i == word && !overwritten;
    if (bits(copy, i) != (changed ? bits(want, i) ^ 1 : bits(want, i))) return false;
  }
  return true;
}

/**
 * For every move (held, needed), with box records kept from a first move (-1 → held) or
 * without, and every word of the copy (and none): the word is changed in a copy holding
 * `held` (its lowest bit flipped), then the copy is moved. The move must flag it exactly
 * when it overwrites the word (held's window minus needed's, or needed's minus held's);
 * otherwise the word must still hold the change. An unchanged copy is never flagged.
 */
function checkWrites(sizes: i32[], windows: i32[], strides: i32[], examples: i32, tensorBaseline: bool, records: bool): void {
  const block = geometry(sizes, windows, strides);
  const length = product(sizes);
  const source = f32s(length * examples);
  fillPseudoRandom(source, 3);
  const baseline = f32s(length * examples);
  fillPseudoRandom(baseline, 11);
  const baselinePtr = tensorBaseline ? ptr(baseline) : 0;
  const count = windowCount(block);
  const rank = sizes.length;
  const scratch = new StaticArray<i32>(WINDOW_SCRATCH_FIELDS * rank + 1);
  const record = new StaticArray<i32>(BOX_RECORD_FIELDS * rank + 1);
  const boxesPtr = records ? ptr(record) : 0;
  const job = new StaticArray<i32>(2);
  const copy = f32s(source.length);
  const bytes = <usize>source.length << 2;
  takeMismatch();
  let checked = 0;
  let wrong = 0;
  for (let held = -1; held < count; held++) {
    const start = dense(source, tensorBaseline ? baseline : null, block, held, length);
    for (let needed = -1; needed < count; needed++) {
      if (needed == held) continue;
      const want = dense(source, tensorBaseline ? baseline : null, block, needed, length);
      for (let word = -1; word < source.length; word++) {
        if (records) {
          // The copy reaches `held` by a move, so its record holds held's box.
          memory.copy(ptr(copy), ptr(source), bytes);
          record[0] = -1;
          job[0] = -1;
          job[1] = held;
          updateWindows(ptr(source), baselinePtr, VALUE, ptr(copy), bytes, examples, ptr(block), rank, ptr(job), 1, ptr(scratch), boxesPtr);
          if (takeMismatch() != 0) wrong++; // a move of an unchanged copy is not flagged
        } else {
          memory.copy(ptr(copy), ptr(start), bytes);
        }
        if (word >= 0) flip(copy, word);
        job[0] = held;
        job[1] = needed;
        updateWindows(ptr(source), baselinePtr, VALUE, ptr(copy), bytes, examples, ptr(block), rank, ptr(job), 1, ptr(scratch), boxesPtr);
        const overwritten = word >= 0 && inside(block, held, word % length) != inside(block, needed, word % length);
        if (!outcomeRight(copy, want, word, overwritten)) wrong++;
        checked++;
      }
    }
  }
  expect(wrong).toBe(0, "moves flagged or kept every change, and nothing else");
  expect(checked).toBeGreaterThan(source.length);
}

function checkAll(sizes: i32[], windows: i32[], strides: i32[], examples: i32): void {
  checkWrites(sizes, windows, strides, examples, false, false);
  checkWrites(sizes, windows, strides, examples, true, false);
  checkWrites(sizes, windows, strides, examples, false, true);
  checkWrites(sizes, windows, strides, examples, true, true);
}

describe("updateWindows: writes into the copy", () => {
  it("are flagged where a 2-d move overwrites them (steps along either dimension, jumps, no window)", () => {
    checkAll([3, 5], [2, 2], [1, 2], 2);
  });
  it("with overlapping windows, rows longer than a v128 and cut-off borders", () => {
    checkAll([2, 13], [1, 9], [1, 4], 1);
    checkAll([1, 20], [1, 10], [1, 5], 2);
    checkAll([4, 4], [3, 2], [1, 1], 1);
  });
  it("in 3 and 4 dimensions", () => {
    checkAll([2, 3, 4], [1, 2, 3], [1, 1, 1], 1);
    checkAll([2, 2, 2, 3], [1, 2, 1, 2], [1, 1, 1, 1], 1);
  });
  it("over a 1-d example and a single value per example (rank 0)", () => {
    checkAll([9], [4], [2], 3);
    checkAll([], [], [], 3);
  });
});

// One example of 10 elements, 2 examples; features: 0 = {0,1,2, 7}, 1 = {3,4}, 2 = {5,6, 8,9}.
const FEATURE_OF: i32[] = [0, 0, 0, 1, 1, 2, 2, 0, 2, 2];

/** For every move between features (and none), every word (and none) of the copy, `words` words per element. */
function checkGroupWrites(words: i32, tensorBaseline: bool): void {
  const examples = 2;
  const total = 10 * examples * words;
  const source = f32s(total);
  fillPseudoRandom(source, 5);
  const baseline = f32s(total);
  fillPseudoRandom(baseline, 9);
  const runs = StaticArray.fromArray<i32>([0, 3, 7, 1, 3, 2, 5, 2, 8, 2]);
  const offsets = StaticArray.fromArray<i32>([0, 2, 3, 5]);
  const job = new StaticArray<i32>(2);
  const copy = f32s(total);
  const want = f32s(total);
  const bytes = <usize>total << 2;
  let wrong = 0;
  takeMismatch();
  for (let held = -1; held < 3; held++) {
    for (let needed = -1; needed < 3; needed++) {
      if (needed == held) continue;
      for (let word = -1; word < total; word++) {
        for (let i = 0; i < total; i++) {
          const feature = FEATURE_OF[(i / words) % 10];
          const replacement = tensorBaseline ? baseline[i] : VALUE;
          copy[i] = feature == held ? replacement : source[i];
          want[i] = feature == needed ? replacement : source[i];
        }
        if (word >= 0) flip(copy, word);
        job[0] = held;
        job[1] = needed;
        updateGroups(ptr(source), tensorBaseline ? ptr(baseline) : 0, VALUE, ptr(copy), bytes, ptr(runs), ptr(offsets), examples, 10 * words, words, ptr(job), 1);
        const feature = word >= 0 ? FEATURE_OF[(word / words) % 10] : -2;
        if (!outcomeRight(copy, want, word, feature >= 0 && (feature == held || feature == needed))) wrong++;
      }
    }
  }
  expect(wrong).toBe(0, "moves flagged or kept every change, and nothing else");
}

describe("updateGroups: writes into the copy", () => {
  it("are flagged where a move restores or ablates them, for 32-bit and 64-bit elements, scalar or tensor baseline", () => {
    checkGroupWrites(1, false);
    checkGroupWrites(1, true);
    checkGroupWrites(2, false);
    checkGroupWrites(2, true);
  });
});

describe("takeMismatch", () => {
  it("clears the flag it reports", () => {
    const source = StaticArray.fromArray<f32>([1, 2, 3, 4]);
    const copy = StaticArray.fromArray<f32>([1, 2, 3, 4]);
    const runs = StaticArray.fromArray<i32>([0, 4]);
    const offsets = StaticArray.fromArray<i32>([0, 1]);
    const job = StaticArray.fromArray<i32>([-1, 0]);
    takeMismatch();
    copy[2] = 7; // a write into the part the move ablates
    updateGroups(ptr(source), 0, VALUE, ptr(copy), 16, ptr(runs), ptr(offsets), 1, 4, 1, ptr(job), 1);
    expect(takeMismatch()).toBe(1);
    expect(takeMismatch()).toBe(0, "cleared once reported");
  });
});
