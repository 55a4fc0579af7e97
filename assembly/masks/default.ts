// FeatureAblation without a feature mask: element p of an input is feature first + p,
// one run each. Written straight into the run's plan region, so the default mask costs
// no JS work per element.

/**
 * Writes `length` runs (p, 1) at runsPtr and count + 1 offsets at offsetsPtr: feature f
 * (of `count` across all inputs) owns run f - first when first <= f < first + length,
 * else none.
 */
export function defaultRuns(runsPtr: usize, offsetsPtr: usize, first: i32, length: i32, count: i32): void {
  let p = 0;
  for (; p < length; p++) {
    store<i32>(runsPtr + (<usize>p << 3), p);
    store<i32>(runsPtr + (<usize>p << 3), 1, 4);
  }
  for (let feature = 0; feature <= count; feature++) {
    const owned = feature - first;
    store<i32>(offsetsPtr + (<usize>feature << 2), owned < 0 ? 0 : owned > length ? length : owned);
  }
}
