// The text of a progress line, in tqdm's format (what Captum's show_progress draws):
//   "Occlusion attribution:  42%|████████▍           | 71/169 [00:03<00:04, 23.1 calls/s]"
// percentage, a bar with eighth-block resolution (terminals only), done/total,
// elapsed<left and the rate.

const BAR_WIDTH = 20;

/** "00:07", "12:34", "1:02:03" (tqdm's format_interval); "?" when unknown. */
export function formatDuration(seconds: number): string {
  if (!(seconds >= 0 && seconds < Infinity)) return "?";
  const whole = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, "0");
  const minutes = `${two(Math.floor(whole / 60) % 60)}:${two(whole % 60)}`;
  return whole >= 3600 ? `${Math.floor(whole / 3600)}:${minutes}` : minutes;
}

/** "12.3 calls/s" (3 significant digits, at least the units), or "? calls/s" before anything is done. */
export function formatRate(perSecond: number): string {
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond > 0 && perSecond < Infinity ? perSecond.toFixed(digits) : "?"} calls/s`;
}

/** The line: label, percent, a bar when `withBar`, done/total [elapsed<left, rate]. */
export function progressLine(label: string, done: number, total: number, elapsed: number, withBar: boolean): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const rate = elapsed > 0 ? done / elapsed : NaN;
  const eighths = Math.floor(fraction * BAR_WIDTH * 8);
  const bar = withBar ? `|${("█".repeat(eighths >> 3) + (eighths & 7 ? String.fromCharCode(0x2590 - (eighths & 7)) : "")).padEnd(BAR_WIDTH)}|` : "";
  const stats = `${done}/${total} [${formatDuration(elapsed)}<${formatDuration((total - done) / rate)}, ${formatRate(rate)}]`;
  return `${label}: ${String(Math.floor(100 * fraction)).padStart(withBar ? 3 : 0)}%${bar} ${stats}`;
}

export const barLine = (label: string, done: number, total: number, elapsed: number) => progressLine(label, done, total, elapsed, true);
export const plainLine = (label: string, done: number, total: number, elapsed: number) => progressLine(label, done, total, elapsed, false);
