// The page of tests/browser-resume.test.ts: docs/long-runs.md's IndexedDB example. Each
// load attributes one input with a slow model, saving its partial to IndexedDB after every
// batch and resuming from what is there; window.__status says what it did.
import { Occlusion, type Tensor } from "../../src/index.ts";

declare global {
  interface Window { __status: string[] }
}

const input: Tensor = { data: Float32Array.from({ length: 2 * 16 * 16 }, (_, i) => Math.sin(i * 0.37)), shape: [2, 1, 16, 16] };
const options = { slidingWindowShapes: [1, 4, 4], strides: [1, 2, 2], target: 0, perturbationsPerEval: 2 };
const model = (x: Tensor): Tensor => {
  const batch = x.shape[0];
  const length = x.data.length / batch;
  const out = new Float32Array(batch * 2);
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += Math.cos(i * 0.11) * x.data[b * length + i];
    out[2 * b] = Math.tanh(sum / 10);
    out[2 * b + 1] = sum;
  }
  return { data: out, shape: [batch, 2] };
};

window.__status = [];
const say = (line: string) => window.__status.push(line);

const db = await new Promise<IDBDatabase>((resolve, reject) => {
  const open = indexedDB.open("occlusion-runs", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("partials");
  open.onsuccess = () => resolve(open.result);
  open.onerror = () => reject(open.error);
});
const store = (mode: IDBTransactionMode) => db.transaction("partials", mode).objectStore("partials");
const load = (key: string) => new Promise<unknown>((resolve) => {
  const get = store("readonly").get(key);
  get.onsuccess = () => resolve(get.result);
});
const save = (key: string, record: unknown) => new Promise<void>((resolve) => {
  const put = store("readwrite").put(record, key);
  put.onsuccess = () => resolve();
});

const key = `sines ${JSON.stringify(options)}`;
const saved = (await load(key)) as { done: [number, number][] } | undefined;
say(`saved ${saved ? saved.done.reduce((sum, [start, end]) => sum + end - start, 0) : 0}`);
let calls = 0;
// The first tab's model stalls after 8 calls, so the test closes it mid-run whatever the
// machine's speed (a call in flight when the tab goes, as when a user closes it).
const STALL_AFTER = 8;
const slow = async (x: Tensor) => {
  calls++;
  if (!saved && calls > STALL_AFTER) await new Promise(() => {});
  await new Promise((resolve) => setTimeout(resolve, 15));
  return model(x);
};
const result = (await new Occlusion(slow).attribute(input, {
  ...options,
  resumeFrom: saved as never,
  partialIntervalMs: 0,
  onPartial: (partial) => {
    void save(key, partial.toJSON()).then(() => say(`stored ${partial.done}`));
  },
})) as Tensor;
const plain = (await new Occlusion(model).attribute(input, options)) as Tensor;
const same = result.data.every((value, index) => Object.is(value, plain.data[index]));
say(`finished calls ${calls} same ${same}`);
