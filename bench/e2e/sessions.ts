// The model sessions bench:e2e compares: onnxruntime-web (wasm) and onnxruntime-node
// (native CPU) in this thread with a given number of threads, each with a stopwatch
// around run() so the library's share of the wall time can be told from the model's.
import type { OnnxSessionLike } from "../../src/adapters/index.ts";

export type RuntimeName = "web" | "node";
export const PACKAGES: Record<RuntimeName, string> = { web: "onnxruntime-web", node: "onnxruntime-node" };

export interface TimedSession {
  session: OnnxSessionLike;
  Tensor: any;
  version: string;
  /** Milliseconds spent inside session.run since the last reset. */
  modelMs: number;
  warmUp(batch: number): Promise<void>;
}

/** undefined when the package cannot be loaded (not installed, no binary for this platform). */
export async function loadRuntime(name: RuntimeName): Promise<any | undefined> {
  try {
    const module = await import(PACKAGES[name]);
    return module.InferenceSession ? module : module.default;
  } catch {
    return undefined;
  }
}

export async function createTimedSession(ort: any, name: RuntimeName, model: string, threads: number): Promise<TimedSession> {
  if (name === "web") ort.env.wasm.numThreads = threads;
  const options = name === "node" ? { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential" } : { executionProviders: ["wasm"] };
  const inner = await ort.InferenceSession.create(model, options);
  const timed: TimedSession = {
    Tensor: ort.Tensor,
    version: name === "web" ? ort.env.versions?.web ?? "?" : ort.env.versions?.node ?? ort.env.versions?.common ?? "?",
    modelMs: 0,
    session: {
      inputNames: inner.inputNames,
      outputNames: inner.outputNames,
      async run(feeds) {
        const started = performance.now();
        try {
          return await inner.run(feeds);
        } finally {
          timed.modelMs += performance.now() - started;
        }
      },
    },
    async warmUp(batch) {
      const input = new ort.Tensor("float32", new Float32Array(batch * 3 * 224 * 224), [batch, 3, 224, 224]);
      await inner.run({ [inner.inputNames[0]]: input });
    },
  };
  return timed;
}
