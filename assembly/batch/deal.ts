// Which window each batch copy occludes in each forward call (README "How windows are
// batched"): the W windows of all inputs are dealt to the P copies of a batch as runs
// of consecutive windows, one window per call. With K = ceil(W / P) calls and
// r = W - (K - 1) * P, copies 0..r-1 own K windows each and the others K - 1, so every
// call but the last holds P windows, as in Captum. src/methods/window-plan.ts's windowOf is the same
// rule for the wrapper's bookkeeping.

/** The global window of copy `copy` in call `call`, or -1 (no call, or that call has fewer copies). */
// @ts-ignore: decorator
@inline
function windowOf(calls: i32, longCopies: i32, call: i32, copy: i32): i32 {
  if (call < 0 || call >= (copy < longCopies ? calls : calls - 1)) return -1;
  return copy * (calls - 1) + min(copy, longCopies) + call;
}

/**
 * Writes updateWindows' job pairs for moving `copyCount` batch copies from call `heldCall`
 * (-1: copies of the plain input) to call `call`, as local window numbers of an input
 * whose windows are [firstWindow, firstWindow + windowCount) of the global index space;
 * -1 where a copy's window is not one of them. Returns how many copies change.
 */
export function dealWindows(
  jobPtr: usize, copyCount: i32, calls: i32, longCopies: i32, heldCall: i32, call: i32, firstWindow: i32, windowCount: i32,
): i32 {
  let changes = 0;
  for (let copy = 0; copy < copyCount; copy++) {
    let held = windowOf(calls, longCopies, heldCall, copy) - firstWindow;
    let needed = windowOf(calls, longCopies, call, copy) - firstWindow;
    // Unsigned comparison: negative numbers (no window, or an earlier input's) fail it too.
    if (<u32>held >= <u32>windowCount) held = -1;
    if (<u32>needed >= <u32>windowCount) needed = -1;
    store<i32>(jobPtr + (<usize>copy << 3), held);
    store<i32>(jobPtr + (<usize>copy << 3) + 4, needed);
    if (held != needed) changes++;
  }
  return changes;
}
