// The text of a progress line, in tqdm's format (what Captum's show_progress draws):
//   "Occlusion attribution:  42%|██████▎        | 42/100 [00:03<00:04, 12.3 calls/s]"
// percentage, a bar with eighth-block resolution, done/total, elapsed<left and the rate.

const BAR_WIDTH = 20;
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** "00:07", "12:34", "1:02:03" (tqdm's format_interval). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const whole = Math.max(0, Math.round(seconds));
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** "12.3 calls/s", "0.41 calls/s", or "? calls/s" before anything is done. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return "? calls/s";
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond.toFixed(digits)} calls/s`;
}

/** A bar of BAR_WIDTH cells for a fraction in [0, 1]. */
export function bar(fraction: number): string {
  const eighths = Math.floor(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH * 8);
  const full = Math.floor(eighths / 8);
  const partial = EIGHTHS[eighths % 8];
  return ("█".repeat(full) + partial).padEnd(BAR_WIDTH, " ");
}

/** The stats tqdm shows, from done/total and the seconds since the run started. */
export function stats(done: number, total: number, elapsed: number): string {
  const rate = elapsed > 0 ? done / elapsed : NaN;
  const left = done > 0 && rate > 0 ? (total - done) / rate : NaN;
  return `${done}/${total} [${formatDuration(elapsed)}<${formatDuration(left)}, ${formatRate(rate)}]`;
}

/** The terminal line: label, percent, bar and stats. */
export function barLine(label: string, done: number, total: number, elapsed: number): string {
  const fraction = total > 0 ? done / total : 1;
  const percent = String(Math.floor(100 * fraction)).padStart(3);
  return `${label}: ${percent}%|${bar(fraction)}| ${stats(done, total, elapsed)}`;
}

/** The plain line (logs, CI): no bar, the same numbers. */
export function plainLine(label: string, done: number, total: number, elapsed: number): string {
  const percent = Math.floor((100 * done) / Math.max(total, 1));
  return `${label}: ${percent}% ${stats(done, total, elapsed)}`;
}
