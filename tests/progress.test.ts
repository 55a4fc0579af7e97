// showProgress: true draws a tqdm-style line: percent, bar, done/total, elapsed<left and
// the rate; on a terminal at most ~10 redraws a second, and the line is ended whether the
// run succeeds, is aborted or fails, so the next output starts on a new line.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init, tensor, type AttributeOptions, type Tensor } from "../src/index.ts";
import { REDRAW_INTERVAL_MS, plainProgress, terminalProgress } from "../src/engine/progress.ts";
import { barLine, formatDuration, formatRate } from "../src/engine/progress-line.ts";

const TQDM_LINE = /^Occlusion attribution: +(\d+)%\|[█▏▎▍▌▋▊▉ ]{20}\| (\d+)\/(\d+) \[(\d\d:\d\d)<(\d\d:\d\d|\?), ([\d.]+|\?) calls\/s\]$/;

/** A terminal-like stream that keeps what was written. */
function recorder(isTTY = true) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

/** Redrawn lines: what each "\r" starts, without the final newline. */
const redraws = (text: string) => text.split("\r").slice(1).map((line) => line.replace(/\n$/, ""));

test.before(async () => {
  await init();
});

test("a line reads like tqdm: percent, bar, done/total, elapsed<left, rate", () => {
  const line = barLine("Occlusion attribution", 25, 100, 5);
  const match = TQDM_LINE.exec(line);
  assert.ok(match, line);
  assert.equal(match!.slice(1), ["25", "25", "100", "00:05", "00:15", "5.00"]);
  assert.ok(line.includes("|█████     "), "a quarter of the 20-cell bar is full");
  assert.match(barLine("Occlusion attribution", 0, 10, 0), /0\/10 \[00:00<\?, \? calls\/s\]$/);
  assert.is(formatDuration(3723), "1:02:03");
  assert.is(formatDuration(59.6), "01:00");
  assert.is(formatRate(1234.4), "1234 calls/s");
  assert.is(formatRate(12.34), "12.3 calls/s");
});

test("the line shown in docs/command-line.md is what barLine draws", () => {
  const doc = readFileSync(new URL("../docs/command-line.md", import.meta.url), "utf8");
  assert.ok(doc.includes("\n" + barLine("Occlusion attribution", 71, 169, 3.07) + "\n"));
});

test("the terminal line is redrawn at most every 100 ms, and the last state is always drawn", () => {
  const stream = recorder();
  let now = 0;
  const sink = terminalProgress(stream, "Occlusion attribution", () => now);
  const total = 2000;
  for (let done = 1; done <= total; done++) {
    now += 1; // 1000 calls a second for 2 s
    sink({ done, total });
  }
  sink.end!();
  const lines = redraws(stream.text());
  assert.ok(lines.length <= 2 * (1000 / REDRAW_INTERVAL_MS) + 1, `${lines.length} redraws in 2 s`);
  assert.ok(lines.length >= 10, `still shows movement: ${lines.length} redraws`);
  for (const line of lines) assert.match(line, TQDM_LINE);
  assert.match(lines.at(-1)!, /100%\|█{20}\| 2000\/2000 \[00:02<00:00, 1000 calls\/s\]/);
  assert.ok(stream.text().endsWith("\n"), "the line is ended");
  assert.is(stream.text().split("\n").length, 2, "ended once");
});

test("plain output (not a terminal) prints one full line per tenth", () => {
  const lines: string[] = [];
  let now = 0;
  const sink = plainProgress((line) => lines.push(line), "Occlusion attribution", () => now);
  for (let done = 1; done <= 95; done++) sink({ done, total: 95 }), (now += 10);
  sink.end!();
  assert.is(lines.length, 11, lines.join("\n")); // the first call (0 %) and each tenth after it
  assert.match(lines.at(-1)!, /^Occlusion attribution: 100% 95\/95 \[00:01<00:00, [\d.]+ calls\/s\]$/);
});

/** Runs attribute with showProgress: true while process.stderr is `stream`. */
async function withStderr<T>(stream: ReturnType<typeof recorder>, run: () => Promise<T>): Promise<T | unknown> {
  const original = Object.getOwnPropertyDescriptor(process, "stderr")!;
  Object.defineProperty(process, "stderr", { value: stream, configurable: true });
  try {
    return await run();
  } catch (error) {
    return error;
  } finally {
    Object.defineProperty(process, "stderr", original);
  }
}

const input = tensor(new Float32Array(16).map((_, i) => i), [1, 16]);
const OPTIONS: AttributeOptions = { slidingWindowShapes: [1], perturbationsPerEval: 1, showProgress: true }; // 16 batches, 17 calls
const sum = (x: Tensor) => {
  const rows = x.shape[0];
  return tensor(Array.from({ length: rows }, (_, r) => x.data.subarray(r * 16, r * 16 + 16).reduce((a, b) => a + b, 0)), [rows]);
};

for (const [name, driver] of [["attribute", "async"], ["attributeSync", "sync"]] as const) {
  test(`${name}: the line ends on success, and on a failing forward at the call that failed`, async () => {
    const ok = recorder();
    await withStderr(ok, () => Promise.resolve(driver === "async" ? new Occlusion(sum).attribute(input, OPTIONS) : new Occlusion(sum).attributeSync(input, OPTIONS)));
    assert.match(redraws(ok.text()).at(-1)!, /17\/17 \[/);
    assert.ok(ok.text().endsWith("\n") && ok.text().split("\n").length === 2, JSON.stringify(ok.text()));

    const failing = recorder();
    let calls = 0;
    const breaks = (x: Tensor) => {
      if (++calls === 6) throw new Error("model crashed");
      return sum(x);
    };
    const error = await withStderr(failing, () => Promise.resolve(driver === "async" ? new Occlusion(breaks).attribute(input, OPTIONS) : new Occlusion(breaks).attributeSync(input, OPTIONS)));
    assert.instance(error, Error);
    assert.match(redraws(failing.text()).at(-1)!, / 5\/17 \[/, "the last line shows the 5 calls that finished");
    assert.ok(failing.text().endsWith("\n"), JSON.stringify(failing.text()));
  });
}

test("an abort ends the line too", async () => {
  const stream = recorder();
  const controller = new AbortController();
  let calls = 0;
  const forward = async (x: Tensor) => {
    if (++calls === 4) controller.abort(new Error("user left"));
    return sum(x);
  };
  const error = await withStderr(stream, () => new Occlusion(forward).attribute(input, { ...OPTIONS, signal: controller.signal }));
  assert.is((error as { code?: string }).code, "ABORTED");
  assert.ok(stream.text().endsWith("\n"), JSON.stringify(stream.text()));
  assert.is(stream.text().split("\n").length, 2);
});

test("without a terminal, a run that stops between tenths says where it stopped", async () => {
  const stream = recorder(false);
  let calls = 0;
  const breaks = (x: Tensor) => {
    if (++calls === 9) throw new Error("model crashed"); // 8 done: 47 %, inside the tenth 7/17 started
    return sum(x);
  };
  await withStderr(stream, () => new Occlusion(breaks).attribute(input, OPTIONS));
  const lines = stream.text().trimEnd().split("\n");
  assert.match(lines.at(-1)!, /^Occlusion attribution: 47% 8\/17 \[.*\] \(stopped\)$/);
  assert.ok(stream.text().endsWith("\n"));
});

test.run();
