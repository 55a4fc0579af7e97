// Timing helpers: warm-up, then the median of several repetitions, all in one process
// so ratios between measurements are not spoiled by machine-to-machine noise.
// performance is the global one, so these helpers also run in a browser page (yields-page.ts).

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median milliseconds of `repetitions` runs of `task`, after `warmUp` untimed runs. */
export async function medianMs(task: () => unknown, repetitions: number, warmUp = 1): Promise<number> {
  for (let index = 0; index < warmUp; index++) await task();
  const times: number[] = [];
  for (let index = 0; index < repetitions; index++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Milliseconds of one Float32Array.prototype.set of `length` floats: the unit of the
 * issue's target. Each sample times a loop of copies (one copy is too short to time).
 */
export function copyMs(length: number, sampleCount = 11): number {
  const source = new Float32Array(length).fill(1);
  const target = new Float32Array(length);
  const loops = Math.max(4, Math.ceil(2e7 / length));
  const samples: number[] = [];
  for (let sample = 0; sample < sampleCount; sample++) {
    const start = performance.now();
    for (let loop = 0; loop < loops; loop++) target.set(source);
    samples.push((performance.now() - start) / loops);
  }
  return median(samples);
}
