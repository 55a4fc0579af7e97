// One fresh process of the first-call bench (first-call.ts bundles this file and the
// library separately and runs it with plain node): imports the built library, then times
// init() (kernel compile and warm-up), attribute() calls 1, 2 and 3 (without the probe
// model's time) and the steady state on one configuration. Then it times the first touch
// of fresh memory as large as the run's, which only call 1 pays (later calls reuse the
// pooled instance). Prints JSON.
import { CONFIGS, inputOf, probeForward } from "./configs.ts";

const config = CONFIGS.find((c) => c.name === process.argv[2]);
if (!config) throw new Error(`unknown config ${process.argv[2]}`);
const input = inputOf(config);
const options = { slidingWindowShapes: config.window, strides: config.strides, perturbationsPerEval: config.perturbationsPerEval };

const started = performance.now();
// @ts-ignore: the bundle built beside this one by first-call.ts
const { Occlusion, init, kernelStats } = (await import("./lib.mjs")) as typeof import("./first-call-lib.ts");
const imported = performance.now();
await init(); // what attribute() does lazily; timed apart so call 1 is the run itself
const initialized = performance.now();
// The probe model's own time is taken out: interpreted before V8 optimises it, it would
// otherwise dominate call 1 of the small configurations, and it is not the library's.
let forwardMs = 0;
const occlusion = new Occlusion((batch: { data: Float32Array; shape: number[] }) => {
  const start = performance.now();
  const out = probeForward(batch);
  forwardMs += performance.now() - start;
  return out;
});
const CALLS = 13;
const times: number[] = [];
let firstResult = 0;
for (let call = 0; call < CALLS; call++) {
  forwardMs = 0;
  const start = performance.now();
  await occlusion.attribute(input, options);
  const end = performance.now();
  if (call === 0) firstResult = end - started;
  times.push(end - start - forwardMs);
}
const rest = times.slice(3).sort((a, b) => a - b);
const steady = rest[rest.length >> 1];
console.log(JSON.stringify({
  importMs: imported - started, initMs: initialized - imported, firstResultMs: firstResult, calls: times.slice(0, 3), steady, ...freshMemory(kernelStats().idleBytes),
}));

/** The OS's cost of a run's memory on first use: touching fresh wasm pages, minus touching them again. */
function freshMemory(bytes: number): { memoryMiB: number; freshMemoryMs: number } {
  const view = new Uint8Array(new WebAssembly.Memory({ initial: bytes / 65536 }).buffer);
  const first = performance.now();
  view.fill(1);
  const second = performance.now();
  view.fill(2);
  return { memoryMiB: bytes / 2 ** 20, freshMemoryMs: second - first - (performance.now() - second) };
}
