// createForwardPool: N workers, each holding its own forward (built once from a module
// URL), used as one forward function. Each call goes to an idle worker (or waits for
// one), so `concurrency: pool.size` keeps every worker busy with one batch. The batch is
// copied once into a buffer that is moved (transferred) to the worker and moved back
// with the result, then reused: the library's batch buffer in wasm memory is read only
// during the call itself, so the rule "not rewritten while a call holds it" holds, and
// results are those of the same forward in one thread, bit for bit.
import { OcclusionError, type ForwardOutput } from "../index.ts";
import { startWorker, type WorkerHandle } from "./threads.ts";

/** Options of `createForwardPool`. */
export interface ForwardPoolOptions {
  /** Number of workers (model sessions). Default 2. */
  size?: number;
  /** Handed to the module's `createForward(options)` in each worker (structured-cloneable). */
  options?: unknown;
}

/** Workers that each run the same forward, one batch at a time; feed them through `concurrency`. */
export interface ForwardPool {
  /** The forward for `new Occlusion(pool.forward)`; pass `concurrency: pool.size` to `attribute`. */
  readonly forward: (...args: unknown[]) => Promise<ForwardOutput>;
  readonly size: number;
  /** What the module's forward function carried as its `info` property (structured-cloned), if anything. */
  readonly info: unknown;
  /** Ends the workers; calls still waiting reject. */
  close(): Promise<void>;
}

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | BigInt64Array;
interface Pending { resolve(value: unknown): void; reject(error: Error): void }
interface Slot { handle: WorkerHandle; pending?: Pending; spare: ArrayBuffer[]; info?: unknown }

/**
 * Starts `size` workers that each import `moduleUrl` and call its `createForward(options)`
 * (or default export), which returns the forward to run there (sync or async).
 * Resolves once every worker has built its forward.
 */
export async function createForwardPool(moduleUrl: string | URL, poolOptions: ForwardPoolOptions = {}): Promise<ForwardPool> {
  const size = poolOptions.size ?? 2;
  if (!Number.isInteger(size) || size < 1) {
    throw new OcclusionError("POOL_OPTIONS", `createForwardPool: size must be a positive integer, got ${String(size)}`);
  }
  const url = String(moduleUrl);
  const slots: Slot[] = await Promise.all(Array.from({ length: size }, () => startSlot(url, poolOptions.options)).map((p) => p.catch((e: Error) => e)))
    .then((started) => {
      const failed = started.find((s): s is Error => s instanceof Error);
      if (!failed) return started as Slot[];
      for (const s of started) if (!(s instanceof Error)) void s.handle.terminate();
      throw failed;
    });
  const idle: Slot[] = [...slots];
  const waiting: ((slot: Slot) => void)[] = [];
  let closed = false;

  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  };
  const acquire = () => new Promise<Slot>((resolve, reject) => {
    if (closed) reject(new OcclusionError("POOL_CLOSED", "the forward pool was closed; create a new one"));
    const slot = idle.pop();
    if (slot) resolve(slot);
    else waiting.push(resolve);
  });

  const forward = async (...args: unknown[]): Promise<ForwardOutput> => {
    const slot = await acquire();
    const transfer: ArrayBuffer[] = [];
    // The batch is copied once a worker is free; until this call settles the engine leaves its buffer alone.
    const message = { id: 0, args: args.map((arg) => packArg(arg, slot, transfer)) };
    try {
      // What the worker's forward returned, as it posted it back (checked by the engine like any output).
      return await new Promise<ForwardOutput>((resolve, reject) => {
        slot.pending = { resolve, reject };
        slot.handle.post(message, transfer);
      });
    } finally {
      slot.pending = undefined;
      release(slot);
    }
  };

  return {
    forward,
    size,
    info: slots[0].info,
    async close() {
      closed = true;
      for (const slot of slots) slot.pending?.reject(new OcclusionError("POOL_CLOSED", "the forward pool was closed while a call was running"));
      await Promise.all(slots.map((slot) => slot.handle.terminate()));
    },
  };
}

async function startSlot(url: string, options: unknown): Promise<Slot> {
  const handle = await startWorker();
  const slot: Slot = { handle, spare: [] };
  await new Promise<void>((resolve, reject) => {
    let ready = false;
    handle.onMessage((message) => {
      if (message.type === "ready") {
        ready = true;
        slot.info = message.info;
        return message.error ? reject(new OcclusionError("POOL_MODULE", `createForwardPool: the worker could not build its forward from ${url}: ${message.error}`)) : resolve();
      }
      slot.spare.push(...(message.buffers as ArrayBuffer[]));
      if (message.error !== undefined) slot.pending?.reject(new Error(message.error));
      else slot.pending?.resolve(unpack(message.result));
    });
    handle.onError((error) => {
      const failure = new OcclusionError("POOL_WORKER", `a forward pool worker failed: ${error.message}`, { cause: error });
      if (!ready) reject(failure);
      slot.pending?.reject(failure);
    });
    handle.post({ type: "init", url, options }, []);
  }).catch(async (error) => {
    await handle.terminate();
    throw error;
  });
  return slot;
}

/** A tensor argument becomes a copy in a movable buffer (a spare one of the right size when there is one). */
function packArg(arg: unknown, slot: Slot, transfer: ArrayBuffer[]): unknown {
  const tensor = arg as { data?: unknown; shape?: unknown } | null;
  if (!tensor || !ArrayBuffer.isView(tensor.data) || tensor.data instanceof DataView || !Array.isArray(tensor.shape)) return { value: arg };
  const data = tensor.data as Typed;
  const index = slot.spare.findIndex((buffer) => buffer.byteLength === data.byteLength);
  const buffer = index >= 0 ? slot.spare.splice(index, 1)[0] : new ArrayBuffer(data.byteLength);
  const copy = new (data.constructor as new (buffer: ArrayBuffer) => Typed)(buffer);
  copy.set(data as any);
  transfer.push(buffer);
  // Extra string fields (an onnxruntime feed's type and name) travel along.
  const extra = Object.fromEntries(Object.entries(tensor).filter(([, value]) => typeof value === "string"));
  return { tensor: { ...extra, data: copy, shape: [...tensor.shape] } };
}

function unpack(result: { typed?: unknown; tensor?: unknown; plain?: unknown }): unknown {
  if (result.typed !== undefined) return result.typed;
  if (result.tensor !== undefined) return result.tensor;
  return result.plain;
}
