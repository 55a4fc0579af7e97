import { replicate, updateWindows } from "../batch/ablate";
import { BOX_RECORD_FIELDS, WINDOW_SCRATCH_FIELDS } from "../shared/layout";
import { f32s, fillPseudoRandom, geometry, inWindow, product, ptr, windowCount } from "./helpers";

/** The dense reference: the source with window `window` (-1: none) of every example replaced by the baseline. */
function denseCopy(source: StaticArray<f32>, baseline: StaticArray<f32> | null, value: f32, block: StaticArray<i32>, window: i32, length: i32): StaticArray<f32> {
  const out = f32s(source.length);
  for (let i = 0; i < source.length; i++) {
    const inside = window >= 0 && inWindow(block, window, i % length);
    out[i] = inside ? (baseline ? baseline[i] : value) : source[i];
  }
  return out;
}

const GUARD: f32 = 99;

/**
 * For every pair (held, needed) of windows, -1 included: a copy built densely for `held`
 * and updated in place must equal the copy built densely for `needed`, and guard values
 * around it must survive. With a tensor baseline when `tensorBaseline`, else a scalar.
 */
function checkEveryPair(sizes: i32[], windows: i32[], strides: i32[], examples: i32, tensorBaseline: bool): void {
  const block = geometry(sizes, windows, strides);
  const length = product(sizes);
  const source = f32s(length * examples);
  fillPseudoRandom(source, 7);
  const baseline = f32s(length * examples);
  fillPseudoRandom(baseline, 13);
  const count = windowCount(block);
  // dense[w + 1]: the reference copy for window w (-1: none), built once.
  const dense = new Array<StaticArray<f32>>(0);
  for (let window = -1; window < count; window++) dense.push(denseCopy(source, tensorBaseline ? baseline : null, 2.5, block, window, length));
  const scratch = new StaticArray<i32>(WINDOW_SCRATCH_FIELDS * sizes.length + 1);
  const job = new StaticArray<i32>(2);
  const padded = f32s(source.length + 2);
  for (let held = -1; held < count; held++) {
    for (let needed = -1; needed < count; needed++) {
      const start = dense[held + 1];
      padded[0] = GUARD;
      padded[start.length + 1] = GUARD;
      memory.copy(ptr(padded) + 4, ptr(start), <usize>start.length << 2);
      job[0] = held;
      job[1] = needed;
      updateWindows(
        ptr(source), tensorBaseline ? ptr(baseline) : 0, 2.5, ptr(padded) + 4, <usize>start.length << 2,
        examples, ptr(block), sizes.length, ptr(job), 1, ptr(scratch), 0,
      );
      const want = dense[needed + 1];
      let same = true;
      for (let i = 0; i < want.length; i++) same = same && padded[i + 1] == want[i];
      expect(same).toBe(true, "the updated copy equals a rebuilt one");
      expect(padded[0]).toBe(GUARD, "nothing is written before the copy");
      expect(padded[start.length + 1]).toBe(GUARD, "nothing is written after the copy");
    }
  }
}

function checkBoth(sizes: i32[], windows: i32[], strides: i32[], examples: i32): void {
  checkEveryPair(sizes, windows, strides, examples, false);
  checkEveryPair(sizes, windows, strides, examples, true);
}

/**
 * One copy walks windows mostly one or two apart (as batch copies do), with jumps back,
 * far ahead and to no window, keeping its box record between calls: after every move it
 * must equal the copy rebuilt densely. Then a record reset to -1 is not trusted.
 */
function checkWalk(sizes: i32[], windows: i32[], strides: i32[], examples: i32): void {
  const block = geometry(sizes, windows, strides);
  const length = product(sizes);
  const source = f32s(length * examples);
  fillPseudoRandom(source, 21);
  const count = windowCount(block);
  const scratch = new StaticArray<i32>(WINDOW_SCRATCH_FIELDS * sizes.length + 1);
  const record = new StaticArray<i32>(BOX_RECORD_FIELDS * sizes.length + 1);
  const job = new StaticArray<i32>(2);
  const copy = f32s(source.length);
  memory.copy(ptr(copy), ptr(source), <usize>source.length << 2);
  record[0] = -1;
  let held = -1;
  let state: u32 = 5;
  for (let move = 0; move < 4 * count + 8; move++) {
    state = state * 1664525 + 1013904223;
    const pick = (state >> 16) % 10;
    let needed = pick < 5 ? held + 1 : pick < 7 ? held + 2 : pick == 7 ? held - 3 : pick == 8 ? held + 9 : -1;
    if (needed >= count) needed = needed % count;
    if (needed < -1) needed = 0;
    job[0] = held;
    job[1] = needed;
    updateWindows(ptr(source), 0, -7, ptr(copy), <usize>copy.length << 2, examples, ptr(block), sizes.length, ptr(job), 1, ptr(scratch), ptr(record));
    const want = denseCopy(source, null, -7, block, needed, length);
    let same = true;
    for (let i = 0; i < want.length; i++) same = same && copy[i] == want[i];
    expect(same).toBe(true, "the copy equals a rebuilt one after every move");
    expect(record[0]).toBe(needed, "the record names the window the copy now holds");
    held = needed;
  }
  // A reset record (-1) with a wrong box in it: the held window's box is decoded instead.
  if (held < 0) held = 0;
  memory.copy(ptr(copy), ptr(denseCopy(source, null, -7, block, held, length)), <usize>copy.length << 2);
  record[0] = -1;
  for (let i = 1; i < record.length; i++) record[i] = 1;
  job[0] = held;
  job[1] = (held + 1) % count;
  updateWindows(ptr(source), 0, -7, ptr(copy), <usize>copy.length << 2, examples, ptr(block), sizes.length, ptr(job), 1, ptr(scratch), ptr(record));
  const want = denseCopy(source, null, -7, block, job[1], length);
  let same = true;
  for (let i = 0; i < want.length; i++) same = same && copy[i] == want[i];
  expect(same).toBe(true, "a reset record is not trusted");
}

describe("updateWindows (box records kept between calls)", () => {
  it("follows a walk of steps, jumps and no-window moves in 2, 3 and 4 dimensions", () => {
    checkWalk([5, 7], [2, 3], [1, 2], 2);
    checkWalk([3, 6, 5], [3, 2, 2], [3, 1, 2], 1);
    checkWalk([2, 3, 4, 5], [1, 2, 2, 3], [1, 1, 2, 2], 1);
  });
});

describe("updateWindows (one copy)", () => {
  it("moves a 2-d window between any two positions, in every example", () => {
    checkBoth([3, 5], [2, 2], [1, 2], 2);
  });
  it("cuts the last window off at the border", () => {
    checkBoth([5, 7], [2, 3], [2, 3], 1);
  });
  it("handles overlapping windows (stride smaller than the window)", () => {
    checkBoth([6, 6], [4, 3], [1, 1], 1);
  });
  it("handles window dimensions of 1", () => {
    checkBoth([3, 1, 4], [1, 1, 1], [1, 1, 1], 2);
  });
  it("handles a 1-d window over a 1-d example", () => {
    checkBoth([9], [4], [2], 3);
  });
  it("handles a 5-d input (4 non-batch dimensions) with mixed strides", () => {
    checkBoth([2, 3, 4, 5], [1, 2, 2, 3], [1, 1, 2, 2], 2);
  });
  it("handles 5 non-batch dimensions", () => {
    checkBoth([2, 2, 3, 2, 6], [2, 1, 2, 1, 4], [1, 1, 1, 1, 3], 1);
  });
  it("writes rows of every SIMD tail length (0-7 elements past whole vectors) and nothing past the row", () => {
    for (let row = 1; row <= 16; row++) checkBoth([2, row + 3], [1, row], [1, 1], 1);
  });
  it("writes row remainders of every tail length when windows overlap in the last dimension", () => {
    for (let row = 4; row <= 19; row++) checkBoth([1, row + 5], [1, row], [1, 3], 1);
  });
  it("handles a 1-d input (no non-batch dimension): its window is the example's value", () => {
    const block = new StaticArray<i32>(0);
    const source: StaticArray<f32> = [1, 2, 3];
    const copy: StaticArray<f32> = [1, 2, 3];
    const job: StaticArray<i32> = [-1, 0];
    const scratch = new StaticArray<i32>(1);
    updateWindows(ptr(source), 0, -1, ptr(copy), 12, 3, ptr(block), 0, ptr(job), 1, ptr(scratch), 0);
    expect(copy[0]).toBe(-1);
    expect(copy[2]).toBe(-1);
    job[0] = 0;
    job[1] = -1;
    updateWindows(ptr(source), 0, -1, ptr(copy), 12, 3, ptr(block), 0, ptr(job), 1, ptr(scratch), 0);
    expect(copy[2]).toBe(3, "restored");
  });
  it("leaves a copy alone when it already holds the needed window", () => {
    const block = geometry([4], [2], [2]);
    const source: StaticArray<f32> = [1, 2, 3, 4];
    const copy: StaticArray<f32> = [7, 7, 7, 7];
    const job: StaticArray<i32> = [1, 1];
    const scratch = new StaticArray<i32>(WINDOW_SCRATCH_FIELDS);
    updateWindows(ptr(source), 0, 0, ptr(copy), 16, 1, ptr(block), 1, ptr(job), 1, ptr(scratch), 0);
    expect(copy[0]).toBe(7, "held == needed: nothing to write");
    expect(copy[2]).not.toBe(0, "window 1 is not rewritten");
  });
});

describe("updateWindows (several copies)", () => {
  it("updates each copy by its own job entry, copyByteLength apart", () => {
    const sizes: i32[] = [4, 6];
    const block = geometry(sizes, [2, 3], [2, 3]);
    const length = 24;
    const examples = 2;
    const source = f32s(length * examples);
    fillPseudoRandom(source, 3);
    const jobs: StaticArray<i32> = [-1, 0, 1, 3, 2, -1, 3, 3, 0, 2];
    const copies = 5;
    const batch = f32s(length * examples * copies);
    for (let copy = 0; copy < copies; copy++) {
      const start = denseCopy(source, null, -4, block, jobs[2 * copy], length);
      for (let i = 0; i < start.length; i++) batch[copy * start.length + i] = start[i];
    }
    const scratch = new StaticArray<i32>(WINDOW_SCRATCH_FIELDS * 2);
    updateWindows(ptr(source), 0, -4, ptr(batch), <usize>(length * examples) << 2, examples, ptr(block), 2, ptr(jobs), copies, ptr(scratch), 0);
    for (let copy = 0; copy < copies; copy++) {
      const want = denseCopy(source, null, -4, block, jobs[2 * copy + 1], length);
      for (let i = 0; i < want.length; i++) expect(batch[copy * want.length + i]).toBe(want[i]);
    }
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
