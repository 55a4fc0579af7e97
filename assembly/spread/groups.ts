// FeatureAblation's spread: every element belongs to exactly one feature, so its
// attribution is that feature's difference, f(input) - f(feature ablated), with no
// averaging (Captum sums diff * mask over features; only one term is non-zero).
import { fillRow } from "../shared/rows";

/**
 * Writes attributions [rows, exampleLength] f32 at outPtr from differences
 * [features, rows] f32 at diffPtr, through each feature's runs (updateGroups' layout).
 * With a per-example mask (`perExample`, rows = examples), a run in example b takes the
 * difference of row b only; otherwise the runs index one example and every row gets them.
 */
export function spreadGroups(
  diffPtr: usize, rows: i32, runsPtr: usize, offsetsPtr: usize, featureCount: i32, exampleLength: i32, perExample: bool, outPtr: usize,
): void {
  for (let feature = 0; feature < featureCount; feature++) {
    const first = load<i32>(offsetsPtr + (<usize>feature << 2));
    const last = load<i32>(offsetsPtr + (<usize>(feature + 1) << 2));
    const differences = diffPtr + (<usize>feature * <usize>rows << 2);
    for (let run = first; run < last; run++) {
      const start = load<i32>(runsPtr + (<usize>run << 3));
      const length = load<i32>(runsPtr + (<usize>run << 3) + 4);
      // A per-example run (in [B, ...]) is in its own row only; a shared one in every row.
      const firstRow = perExample ? start / exampleLength : 0;
      const endRow = perExample ? firstRow + 1 : rows;
      const offset = perExample ? start - firstRow * exampleLength : start;
      for (let row = firstRow; row < endRow; row++) {
        fillRow(outPtr + ((<usize>row * <usize>exampleLength + <usize>offset) << 2), length, load<f32>(differences + (<usize>row << 2)));
      }
    }
  }
}
