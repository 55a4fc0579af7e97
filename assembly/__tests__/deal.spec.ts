import { dealWindows } from "../batch/deal";
import { ptr } from "./helpers";

/** Copies in a call and calls for `windows` windows, `perEval` per call, as Captum counts them. */
function callsOf(windows: i32, perEval: i32): i32 {
  return (windows + perEval - 1) / perEval;
}

/** The copies the last call holds: those that own one window more than the others. */
function lastCallCopies(windows: i32, perEval: i32): i32 {
  return windows - (callsOf(windows, perEval) - 1) * min(perEval, windows);
}

describe("dealWindows", () => {
  it("deals every window to exactly one (call, copy), with Captum's call sizes", () => {
    const cases: i32[] = [10, 3, 9, 3, 4, 8, 441, 16, 3249, 64, 1, 1, 7, 7, 8, 7];
    for (let c = 0; c < cases.length; c += 2) {
      const windows = cases[c];
      const perEval = cases[c + 1];
      const copies = min(perEval, windows);
      const calls = callsOf(windows, perEval);
      const seen = new StaticArray<i32>(windows);
      const jobs = new StaticArray<i32>(2 * copies);
      for (let call = 0; call < calls; call++) {
        dealWindows(ptr(jobs), copies, calls, lastCallCopies(windows, perEval), call - 1, call, 0, windows);
        let inCall = 0;
        for (let copy = 0; copy < copies; copy++) {
          const window = jobs[2 * copy + 1];
          if (window < 0) continue;
          seen[window]++;
          inCall++;
          // The copy held the previous window of its run in the previous call.
          if (call > 0) expect(jobs[2 * copy]).toBe(window - 1);
        }
        expect(inCall).toBe(min(perEval, windows - call * perEval));
      }
      for (let window = 0; window < windows; window++) expect(seen[window]).toBe(1);
    }
  });

  it("numbers windows locally to one input and counts only the copies that change", () => {
    // 10 windows, 3 per call (4 calls; copy 0 owns 0-3, copy 1 4-6, copy 2 7-9); the input owns windows 4-8.
    const jobs = new StaticArray<i32>(6);
    const changes = dealWindows(ptr(jobs), 3, 4, 1, 0, 1, 4, 5);
    // copy 0: 0 -> 1 (neither the input's), copy 1: 4 -> 5 (local 0 -> 1), copy 2: 7 -> 8 (local 3 -> 4)
    expect(jobs[0]).toBe(-1);
    expect(jobs[1]).toBe(-1);
    expect(jobs[2]).toBe(0);
    expect(jobs[3]).toBe(1);
    expect(jobs[4]).toBe(3);
    expect(jobs[5]).toBe(4);
    expect(changes).toBe(2);
  });

  it("moves from the plain input (call -1) and leaves copies the last call does not use without a window", () => {
    const jobs = new StaticArray<i32>(6);
    // The last of 4 calls holds one copy (10 windows, 3 per call).
    expect(dealWindows(ptr(jobs), 3, 4, 1, -1, 3, 0, 10)).toBe(1);
    expect(jobs[0]).toBe(-1);
    expect(jobs[1]).toBe(3);
    expect(jobs[3]).toBe(-1);
    expect(jobs[5]).toBe(-1);
  });
});
