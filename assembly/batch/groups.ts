// Builds perturbed batches for FeatureAblation (Captum's captum.attr.FeatureAblation):
// a feature is a group of elements given by a mask, described once by the wrapper as
// runs of consecutive elements (start, length) per feature. A batch copy that held
// feature g and needs feature h gets g's runs restored from the input and h's runs set
// to the baseline, in place: the cost is the elements that change, not the input.
// Elements are moved as 32-bit words (an int64 element is two), so integer inputs are
// copied bit for bit. Words are replaced with replace.ts's checked loop: a restored
// run must hold the baseline, an ablated one the input.
import { baselineMask, baselineOf, replaceRows, setSplat } from "../shared/replace";

/**
 * Restores (from sourcePtr) or ablates (from the baseline: a tensor, or the splat with
 * mask 0) the runs of one feature in one batch copy. Runs index a mask of
 * `maskExamples` examples; with one mask example the runs apply to every example of the
 * copy, `exampleWords` words apart.
 */
function writeFeature(
  sourcePtr: usize, baselinePtr: usize, mask: usize, restore: bool, copyPtr: usize, runsPtr: usize, first: i32, last: i32,
  examples: i32, exampleWords: i32, words: i32,
): void {
  const fromPtr = restore ? sourcePtr : baselinePtr;
  const fromMask = restore ? <usize>-1 : mask;
  const expectPtr = restore ? baselinePtr : sourcePtr;
  const expectMask = restore ? mask : <usize>-1;
  for (let run = first; run < last; run++) {
    const start = load<i32>(runsPtr + (<usize>run << 3)) * words;
    const length = load<i32>(runsPtr + (<usize>run << 3) + 4) * words;
    for (let example = 0; example < examples; example++) {
      replaceRows(fromPtr, fromMask, expectPtr, expectMask, copyPtr, (<usize>example * <usize>exampleWords + <usize>start) << 2, 1, 0, length);
    }
  }
}

/**
 * Moves `copyCount` batch copies (copyByteLength apart from batchPtr) of one input along
 * the (held, needed) feature pairs at jobPtr (dealWindows; -1: none). Feature f's runs
 * are runs[offsets[f] .. offsets[f + 1]), each an i32 pair (start, length) in elements.
 * Words overwritten are compared first, as in updateWindows (takeMismatch).
 */
export function updateGroups(
  sourcePtr: usize, baselinePtr: usize, value: f32, batchPtr: usize, copyByteLength: usize,
  runsPtr: usize, offsetsPtr: usize, examples: i32, exampleWords: i32, words: i32, jobPtr: usize, copyCount: i32,
): void {
  setSplat(value);
  const baseline = baselineOf(baselinePtr);
  const mask = baselineMask(baselinePtr);
  for (let copy = 0; copy < copyCount; copy++) {
    const held = load<i32>(jobPtr + (<usize>copy << 3));
    const needed = load<i32>(jobPtr + (<usize>copy << 3) + 4);
    if (held == needed) continue;
    const copyPtr = batchPtr + <usize>copy * copyByteLength;
    if (held >= 0) {
      const first = load<i32>(offsetsPtr + (<usize>held << 2));
      const last = load<i32>(offsetsPtr + (<usize>(held + 1) << 2));
      writeFeature(sourcePtr, baseline, mask, true, copyPtr, runsPtr, first, last, examples, exampleWords, words);
    }
    if (needed >= 0) {
      const first = load<i32>(offsetsPtr + (<usize>needed << 2));
      const last = load<i32>(offsetsPtr + (<usize>(needed + 1) << 2));
      writeFeature(sourcePtr, baseline, mask, false, copyPtr, runsPtr, first, last, examples, exampleWords, words);
    }
  }
}
