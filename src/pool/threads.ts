// One pool worker behind a small interface, whatever the platform: worker_threads in
// Node (also Bun, Deno's node:worker_threads), a module Web Worker elsewhere.
import { NODE_WORKER_SOURCE, WEB_WORKER_SOURCE } from "./worker-source.ts";

export interface WorkerHandle {
  post(message: unknown, transfer: Transferable[]): void;
  onMessage(listener: (message: any) => void): void;
  onError(listener: (error: Error) => void): void;
  terminate(): Promise<void>;
}

const isNode = typeof process !== "undefined" && !!(process as { versions?: { node?: string } }).versions?.node && typeof (globalThis as { window?: unknown }).window === "undefined";

export async function startWorker(): Promise<WorkerHandle> {
  return isNode && typeof (globalThis as { Deno?: unknown }).Deno === "undefined" ? startNodeWorker() : startWebWorker();
}

async function startNodeWorker(): Promise<WorkerHandle> {
  const { Worker } = await import("node:worker_threads");
  const worker = new Worker(NODE_WORKER_SOURCE, { eval: true });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as any),
    onMessage: (listener) => worker.on("message", listener),
    onError: (listener) => {
      worker.on("error", listener);
      worker.on("exit", (code) => code !== 0 && listener(new Error(`the worker exited with code ${code}`)));
    },
    terminate: async () => void (await worker.terminate()),
  };
}

function startWebWorker(): WorkerHandle {
  const url = URL.createObjectURL(new Blob([WEB_WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.addEventListener("message", (event) => listener((event as MessageEvent).data)),
    onError: (listener) => worker.addEventListener("error", (event) => listener(new Error((event as ErrorEvent).message || "the worker failed"))),
    terminate: async () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
