// showProgress: true draws "Occlusion attribution: 42% …" on stderr (a redrawn bar on a
// terminal, a line per 10% otherwise, console in browsers); a function gets
// { done, total } after every forward call, total counting the unperturbed call too.

/** What a `showProgress` callback receives after every forward call. */
export interface ProgressEvent {
  /** Forward calls made so far, the unperturbed one included. */
  done: number;
  /** Forward calls the run makes in all. */
  total: number;
}

export type ProgressOption = boolean | ((event: ProgressEvent) => void) | undefined;

export type ProgressSink = (event: ProgressEvent) => void;

interface StderrLike {
  isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 30;

export function progressSink(option: ProgressOption): ProgressSink | null {
  if (typeof option === "function") return option;
  if (option !== true) return null;
  const stderr = (globalThis as { process?: { stderr?: StderrLike } }).process?.stderr;
  if (stderr?.isTTY) return terminalBar(stderr);
  return plainLines((line) => (stderr ? stderr.write(line + "\n") : console.log(line)));
}

function percent({ done, total }: ProgressEvent): number {
  return Math.floor((100 * done) / total);
}

function terminalBar(stderr: StderrLike): ProgressSink {
  return (event) => {
    const filled = Math.round((BAR_WIDTH * event.done) / event.total);
    const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
    stderr.write(`\rOcclusion attribution: ${String(percent(event)).padStart(3)}% ${bar} ${event.done}/${event.total}`);
    if (event.done === event.total) stderr.write("\n");
  };
}

function plainLines(print: (line: string) => void): ProgressSink {
  let printedTenth = -1;
  return (event) => {
    const tenth = Math.floor(percent(event) / 10);
    if (tenth === printedTenth) return;
    printedTenth = tenth;
    print(`Occlusion attribution: ${percent(event)}% (${event.done}/${event.total} forward calls)`);
  };
}

/** Reports one more finished forward call each time it is called. */
export function countingReporter(sink: ProgressSink | null, total: number): () => void {
  let done = 0;
  return () => sink?.({ done: ++done, total });
}
