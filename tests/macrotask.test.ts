// The yield of attribute()'s loop (src/engine/macrotask.ts): the cheapest macrotask each
// kind of host offers, and the plain timer where that refuses. Whole runs that a timer
// stops are in robustness.test.ts and, per runtime, in the runtime suite.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { schedulerFor, yieldWith } from "../src/engine/macrotask.ts";

test("a host with setImmediate yields through it", async () => {
  let scheduled = 0;
  const host = { setImmediate: (callback: () => void) => (scheduled++, setImmediate(callback)) };
  await yieldWith(schedulerFor(host));
  assert.is(scheduled, 1);
});

test("a host with only MessageChannel yields through a message on a channel of its own", async () => {
  let created = 0;
  class CountingChannel extends MessageChannel {
    constructor() {
      super();
      created++;
    }
  }
  await yieldWith(schedulerFor({ MessageChannel: CountingChannel }));
  await yieldWith(schedulerFor({ MessageChannel: CountingChannel }));
  assert.is(created, 2);
});

test("a host with neither yields with setTimeout; a scheduler that throws falls back to it", async () => {
  let timers = 0;
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms?: number) => (timers++, realSetTimeout(callback, ms))) as typeof setTimeout;
  try {
    await yieldWith(schedulerFor({}));
    await yieldWith(() => {
      throw new Error("refused");
    });
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  assert.is(timers, 2);
});

test.run();
