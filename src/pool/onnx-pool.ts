// onnxPool: N onnxruntime sessions of one model, each in its own worker, behind
// onnxForward. The adapter runs here (input names, element types, conversions) with a
// session whose run() sends the feeds to a free worker: one adapter for one session or N.
import { onnxForward, type OnnxForwardOptions, type OnnxSessionLike } from "../adapters/index.ts";
import { createForwardPool, type ForwardPool } from "./forward-pool.ts";

export interface OnnxPoolOptions extends OnnxForwardOptions {
  /** Number of sessions (workers). Default 2. Give each `intraOpNumThreads` = cores / size. */
  size?: number;
  /** InferenceSession.create options in every worker (e.g. `{ intraOpNumThreads: 1 }`). */
  sessionOptions?: Record<string, unknown>;
  /** onnxruntime-web: `env.wasm.numThreads` in every worker. Default 1. */
  wasmNumThreads?: number;
}

/** A pool of onnxruntime sessions, with the model's input and output names. */
export interface OnnxPool extends ForwardPool {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}

const WORKER_URL = new URL("./onnx-session-worker.mjs", import.meta.url);

/** What the worker gets in place of a runtime Tensor: the feed, named later. */
class Feed {
  name = "";
  constructor(readonly type: string, readonly data: unknown, readonly shape: readonly number[]) {}
}

/**
 * `const pool = await onnxPool("onnxruntime-node", "model.onnx", { size: 2 })`, then
 * `new Occlusion(pool.forward).attribute(x, { ..., concurrency: pool.size })`, and
 * `await pool.close()` at the end. `runtime` is the module each worker imports
 * ("onnxruntime-node", "onnxruntime-web", or a URL); `model` a path/URL it can open, or bytes.
 */
export async function onnxPool(runtime: string, model: string | Uint8Array, options: OnnxPoolOptions = {}): Promise<OnnxPool> {
  const { size, sessionOptions, wasmNumThreads, ...adapterOptions } = options;
  const pool = await createForwardPool(WORKER_URL, { size, options: { runtime, model, sessionOptions, wasmNumThreads } });
  const { inputNames, outputNames } = pool.info as { inputNames: string[]; outputNames: string[] };
  const session: OnnxSessionLike = {
    inputNames,
    outputNames,
    async run(feeds) {
      const outputName = adapterOptions.outputName ?? outputNames[0];
      const list = Object.entries(feeds).map(([name, feed]) => Object.assign(feed as Feed, { name }));
      return { [outputName]: await pool.forward(...list, outputName) };
    },
  };
  return { ...pool, inputNames, outputNames, forward: onnxForward(session, Feed, adapterOptions) };
}
