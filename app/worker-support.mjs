// What both app workers (worker.mjs: images, text-worker.mjs: text) share: one session.run
// at a time with a macrotask turn before each (so a "cancel" message is seen mid-run), and
// errors as one line for the page.

/** forward(...args) that queues calls of `direct`: a cancelled run's calls and the next run's never overlap. */
export function queuedForward(direct) {
  let queue = Promise.resolve();
  return (...args) => {
    // onnxruntime's wasm run settles in microtasks: without a macrotask turn between calls
    // the worker would never see a "cancel" message until the whole run is over.
    const run = queue.then(yieldToEvents).then(() => direct(...args));
    queue = run.catch(() => undefined);
    return run;
  };
}

/** Resolves after pending messages had their turn (a MessageChannel task: no 4 ms timer clamp). */
export function yieldToEvents() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** The error's first line, with the model's own message when forward failed. */
export function describe(error) {
  const cause = error?.code === "FORWARD_FAILED" && error.cause ? `: ${firstLine(error.cause)}` : "";
  return `${firstLine(error)}${cause}`;
}

export function firstLine(error) {
  return String(error?.message ?? error).split("\n")[0];
}

/** onnxruntime-web on the wasm backend, threads when the page is cross-origin isolated (one core left for the page). */
export function configureOrt(ort, base) {
  ort.env.wasm.wasmPaths = new URL("./ort/", base).href;
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 1) - 1)) : 1;
}

/** An InferenceSession from model bytes; threads wait without spinning (a spinning pool takes the page's cores). */
export async function createSession(ort, bytes) {
  try {
    const extra = { session: { intra_op: { allow_spinning: "0" } } };
    return await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ["wasm"], extra });
  } catch (error) {
    throw new Error(`onnxruntime cannot open it: ${firstLine(error)}`);
  }
}
