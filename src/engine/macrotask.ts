// One turn of the event loop, as cheap as the runtime offers: drive-async.ts yields one
// every YIELD_MS so that timers and abort events run while a forward that never waits
// keeps the loop busy. setTimeout(0) is only the last resort: Node makes it at least
// 1 ms, and browsers clamp nested timers to 4 ms, which at one yield per 20 ms cost a
// fifth of the run (docs/robustness.md, Cancellation).

/** Calls `resume` in a later task. */
export type Scheduler = (resume: () => void) => void;

/** What a host may offer for it (globalThis, or a test's stand-in). */
export interface MacrotaskHost {
  setImmediate?: (callback: () => void) => unknown;
  MessageChannel?: typeof MessageChannel;
}

export function schedulerFor(host: MacrotaskHost): Scheduler {
  // Node and Bun: runs after I/O and due timers, without a timer's minimum delay.
  if (typeof host.setImmediate === "function") {
    const setImmediate = host.setImmediate;
    return (resume) => void setImmediate(resume);
  }
  // Browsers, workers, Deno: a message is a task of its own, queued behind timers already due.
  // A channel per yield, closed on arrival, so no open port keeps a process alive.
  if (typeof host.MessageChannel === "function") {
    const Channel = host.MessageChannel;
    return (resume) => {
      const channel = new Channel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resume();
      };
      channel.port2.postMessage(null);
    };
  }
  return (resume) => void setTimeout(resume, 0);
}

/** Resolves in a later task; a scheduler that throws (a host that refuses it) falls back to the plain timer. */
export function yieldWith(schedule: Scheduler): Promise<void> {
  return new Promise<void>((resolve) => {
    try {
      schedule(resolve);
    } catch {
      setTimeout(resolve, 0);
    }
  });
}

let scheduler: Scheduler | null = null;

/** Resolves in a later task, after the timers and events already due have run. */
export function nextMacrotask(): Promise<void> {
  scheduler ??= schedulerFor(globalThis as MacrotaskHost);
  return yieldWith(scheduler);
}
