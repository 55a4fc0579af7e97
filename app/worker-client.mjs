// The page's side of an app worker: ask(message) posts it with an id and resolves with the
// worker's answer ("error" rejects, with the error's code); progress and partial messages
// of a call go to its callbacks. The "model" call has the fixed id "model".

export function workerClient(url) {
  const worker = new Worker(url, { type: "module" });
  const pending = new Map(); // id -> { resolve, reject, onProgress, onPartial }
  let nextId = 1;
  worker.onmessage = ({ data: message }) => {
    const id = message.type === "model" ? "model" : message.id ?? "model";
    const call = pending.get(id);
    if (!call) return;
    if (message.type === "progress") return call.onProgress?.(message);
    if (message.type === "partial") return call.onPartial?.(message);
    pending.delete(id);
    if (message.type === "error") call.reject(Object.assign(new Error(message.message), { code: message.code }));
    else call.resolve(message);
  };
  return {
    worker,
    /** The id the next ask() gets (so a run can be cancelled before it answers). */
    get nextId() {
      return nextId;
    },
    ask(message, transfer = [], onProgress, onPartial) {
      const id = message.type === "model" ? "model" : nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress, onPartial });
        worker.postMessage({ ...message, id }, transfer);
      });
    },
    cancel(id) {
      worker.postMessage({ type: "cancel", id });
    },
  };
}

/**
 * Runs a page's explain step. An ABORTED answer (the user cancelled) shows "cancelled"
 * instead of failing the step; when it ends, the Run and Cancel buttons come back unless
 * a newer run has taken over. `page` is { state, $, setStatus }.
 */
export async function settleRun(page, run, work) {
  try {
    await work();
  } catch (error) {
    if (error.code !== "ABORTED") throw error;
    page.setStatus("cancelled", "cancelled");
  } finally {
    if (page.state.run === run) {
      page.state.run = null;
      page.$("run").disabled = false;
      page.$("cancel").disabled = true;
    }
  }
}
