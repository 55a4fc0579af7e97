// showProgress: true draws a tqdm-style line on stderr (progress-line.ts): redrawn in
// place on a terminal at most 10 times a second, a line per 10% otherwise, console in
// browsers. The line is always ended, on success, abort or failure, so the next output
// starts on a new line. A function gets { done, total } after every forward call, total
// counting the unperturbed call too.
import { barLine, plainLine } from "./progress-line.ts";

export interface ProgressEvent {
  done: number;
  total: number;
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

const DEFAULT_LABEL = "Occlusion attribution";

export function progressSink(option: ProgressOption, label = DEFAULT_LABEL): ProgressSink | null {
  if (typeof option === "function") return option;
  if (option !== true) return null;
  const stderr = (globalThis as { process?: { stderr?: ProgressStream } }).process?.stderr;
  const clock = () => performance.now();
  if (stderr?.isTTY) return terminalProgress(stderr, label, clock);
  return plainProgress((line) => (stderr ? stderr.write(line + "\n") : console.log(line)), label, clock);
}

/** A line redrawn in place ("\r"), throttled; the last state is always drawn before the line ends. */
export function terminalProgress(stream: ProgressStream, label: string, clock: () => number): ProgressSink {
  const started = clock();
  let drawnAt = -Infinity;
  let latest: ProgressEvent | null = null;
  let shown: ProgressEvent | null = null;
  let ended = false;
  const draw = (event: ProgressEvent, now: number) => {
    stream.write(`\r${barLine(label, event.done, event.total, (now - started) / 1000)}`);
    drawnAt = now;
    shown = event;
  };
  const sink: ProgressSink = (event) => {
    if (ended) return;
    latest = event;
    const now = clock();
    if (event.done >= event.total || now - drawnAt >= REDRAW_INTERVAL_MS) draw(event, now);
  };
  sink.end = () => {
    if (ended) return;
    ended = true;
    if (latest !== null && latest !== shown) draw(latest, clock());
    if (shown !== null) stream.write("\n");
  };
  return sink;
}

/** A full line at each new tenth (and at the end), for logs where "\r" does not redraw. */
export function plainProgress(print: (line: string) => void, label: string, clock: () => number): ProgressSink {
  const started = clock();
  let printedTenth = -1;
  let latest: ProgressEvent | null = null;
  let printedLatest = false;
  const sink: ProgressSink = (event) => {
    latest = event;
    printedLatest = false;
    const tenth = Math.floor((10 * event.done) / Math.max(event.total, 1));
    if (tenth === printedTenth) return;
    printedTenth = tenth;
    printedLatest = true;
    print(plainLine(label, event.done, event.total, (clock() - started) / 1000));
  };
  // A run that stops between tenths says where it stopped.
  sink.end = () => {
    if (latest !== null && !printedLatest && latest.done < latest.total) {
      print(plainLine(label, latest.done, latest.total, (clock() - started) / 1000) + " (stopped)");
      printedLatest = true;
    }
  };
  return sink;
}

/** Reports one more finished forward call each time it is called; `end()` when the run stops. */
export function countingReporter(sink: ProgressSink | null, total: number): (() => void) & { end: () => void } {
  let done = 0;
  const report = () => sink?.({ done: ++done, total });
  return Object.assign(report, { end: () => sink?.end?.() });
}
