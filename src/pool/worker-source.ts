// The code every pool worker runs, as a string: Node starts it with `eval: true`, browsers
// from a Blob URL, so no worker file has to be found next to a bundle. It imports the
// forward module named in the first message, builds the forward once, then answers one
// batch per message. Input buffers go back to the main thread with the result (moved,
// not copied) so the next batch reuses them.
const BODY = `
let forward;
const isView = (v) => ArrayBuffer.isView(v) && !(v instanceof DataView);
const whole = (v) => v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && !(typeof SharedArrayBuffer !== "undefined" && v.buffer instanceof SharedArrayBuffer);
function packData(data, moved) {
  const own = whole(data) ? data : data.slice();
  moved.push(own.buffer);
  return own;
}
async function pack(value, moved) {
  if (value !== null && typeof value === "object" && typeof value.then === "function") value = await value;
  if (isView(value)) return { typed: packData(value, moved) };
  if (value !== null && typeof value === "object") {
    const shape = value.dims ?? value.shape;
    let data = value.data;
    if (typeof value.dataSync === "function") data = value.dataSync();
    else if (typeof data === "function") data = await value.data();
    if (isView(data) && Array.isArray(shape)) return { tensor: { data: packData(data, moved), shape: [...shape] } };
  }
  return { plain: value };
}
async function handle(message) {
  if (message.type === "init") {
    try {
      const module = await import(message.url);
      const make = module.createForward ?? module.default;
      if (typeof make !== "function") throw new Error(message.url + " exports no createForward(options) function");
      forward = await make(message.options);
      if (typeof forward !== "function") throw new Error("createForward(options) of " + message.url + " did not return a function");
      post({ type: "ready", info: forward.info });
    } catch (error) {
      post({ type: "ready", error: String(error && error.stack || error) });
    }
    return;
  }
  const buffers = [];
  const args = message.args.map((arg) => {
    if (!arg.tensor) return arg.value;
    buffers.push(arg.tensor.data.buffer);
    return arg.tensor;
  });
  try {
    const moved = [];
    const result = await pack(await forward(...args), moved);
    post({ id: message.id, result, buffers }, [...moved, ...buffers]);
  } catch (error) {
    post({ id: message.id, error: error instanceof Error ? error.message : String(error), buffers }, buffers);
  }
}
`;

/**
 * Node (worker_threads, eval'd). The eval'd code is a script or a module depending on the
 * parent's flags (--input-type=module is inherited), so it uses neither require nor a
 * static import; the port queues messages until the listener is attached.
 */
export const NODE_WORKER_SOURCE = `
let post;
${BODY}
import("node:worker_threads").then(({ parentPort }) => {
  post = (message, transfer) => parentPort.postMessage(message, transfer);
  parentPort.on("message", (message) => { handle(message); });
});
`;

/** Browsers and Deno (a module Web Worker). */
export const WEB_WORKER_SOURCE = `
const post = (message, transfer) => self.postMessage(message, transfer);
${BODY}
self.onmessage = (event) => { handle(event.data); };
`;
