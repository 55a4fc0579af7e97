// showProgress: true draws a tqdm-style line on stderr (progress-line.ts): redrawn in
// place on a terminal at most 10 times a second, a line per 10% otherwise, console in
// browsers. The line is always ended, on success, abort or failure, so the next output
// starts on a new line. A function gets { done, total } after every forward call, total
// counting the unperturbed call too.
import { progressLine } from "./progress-line.ts";

/** What a `showProgress` callback receives after every forward call. */
export interface ProgressEvent {
  /** Forward calls made so far, the unperturbed one included. */
  done: number;
  /**
   * Forward calls the run makes in all. With perturbationsPerEval "auto" it is an estimate
   * while the size is being measured (the rest counted at the size being tried), and exact
   * from the event that carries `perturbationsPerEval` on.
   */
  total: number;
  /** Perturbations per forward call: the fixed option, or the size "auto" settled on (absent while measuring). */
  perturbationsPerEval?: number;
}

export type ProgressOption = boolean | ((event: ProgressEvent) => void) | undefined;

/** Receives every event; `end` is called once when the run stops, however it stops. */
export interface ProgressSink {
  (event: ProgressEvent): void;
  end?: () => void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** The shortest time between two redraws of the terminal line, in ms (tqdm's mininterval). */
export const REDRAW_INTERVAL_MS = 100;

export function progressSink(option: ProgressOption, label = "Occlusion attribution"): ProgressSink | null {
  if (typeof option === "function") return option;
  if (option !== true) return null;
  const stderr = (globalThis as { process?: { stderr?: ProgressStream } }).process?.stderr;
  const clock = () => performance.now();
  if (stderr?.isTTY) return terminalProgress(stderr, label, clock);
  return plainProgress((line) => (stderr ? stderr.write(line + "\n") : console.log(line)), label, clock);
}

/** A line redrawn in place ("\r"), throttled; the last state is always drawn before the line ends. */
export function terminalProgress(stream: ProgressStream, label: string, clock: () => number): ProgressSink {
  return lineSink(label, clock, true, (line) => stream.write("\r" + line), () => stream.write("\n"), (event, sinceDrawn) =>
    event.done >= event.total || sinceDrawn >= REDRAW_INTERVAL_MS);
}

/** A full line at each new tenth; a run that stops between tenths says where it stopped. */
export function plainProgress(print: (line: string) => void, label: string, clock: () => number): ProgressSink {
  let tenth = -1;
  const newTenth = ({ done, total }: ProgressEvent) => tenth !== (tenth = Math.floor((10 * done) / Math.max(total, 1)));
  return lineSink(label, clock, false, print, null, newTenth);
}

// Draws an event when `due` says so; `end` draws the last event if it was skipped,
// then `close` ends the line (terminal) — or marks the stop (plain lines).
function lineSink(
  label: string,
  clock: () => number,
  withBar: boolean,
  draw: (line: string) => void,
  close: (() => void) | null,
  due: (event: ProgressEvent, sinceDrawn: number) => boolean,
): ProgressSink {
  const started = clock();
  let drawnAt = -Infinity;
  let latest: ProgressEvent | null = null;
  let shown: ProgressEvent | null = null;
  let ended = false;
  const show = (event: ProgressEvent, now: number, suffix = "") => {
    draw(progressLine(label, event.done, event.total, (now - started) / 1000, withBar) + suffix);
    drawnAt = now;
    shown = event;
  };
  const sink: ProgressSink = (event) => {
    if (ended) return;
    latest = event;
    const now = clock();
    if (due(event, now - drawnAt)) show(event, now);
  };
  sink.end = () => {
    if (ended) return;
    ended = true;
    if (latest !== null && latest !== shown) show(latest, clock(), close ? "" : " (stopped)");
    if (shown !== null) close?.();
  };
  return sink;
}

/** Reports one more finished forward call each time it is called; `end()` when the run stops. `state` is read at each report. */
export function countingReporter(sink: ProgressSink | null, state: () => Omit<ProgressEvent, "done">): (() => void) & { end: () => void } {
  let done = 0;
  const report = () => sink?.({ done: ++done, ...state() });
  return Object.assign(report, { end: () => sink?.end?.() });
}
