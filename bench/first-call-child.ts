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
const startedCpu = process.cpuUsage();
// @ts-ignore: the bundle built beside this one by first-call.ts
const { Occlusion, init, kernelStats } = (await import("./lib.mjs")) as typeof import("./first-call-lib.ts");
const imported = performance.now();
const importedCpu = process.cpuUsage(startedCpu);
await init(); // what attribute() does lazily; timed apart so call 1 is the run itself
const initialized = performance.now();
const initCpu = process.cpuUsage(startedCpu);
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
/** CPU time of the process (all threads: V8's background compiles too), steadier than wall time on a loaded machine. */
const cpuTimes: number[] = [];
let firstResult = 0;
let firstResultCpu = 0;
for (let call = 0; call < CALLS; call++) {
  forwardMs = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await occlusion.attribute(input, options);
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  if (call === 0) {
    firstResult = end - started;
    firstResultCpu = cpuMs(process.cpuUsage(startedCpu)) - forwardMs;
  }
  times.push(end - start - forwardMs);
  cpuTimes.push(cpuMs(used) - forwardMs);
}
const rest = times.slice(3).sort((a, b) => a - b);
const steady = rest[rest.length >> 1];
const restCpu = cpuTimes.slice(3).sort((a, b) => a - b);
console.log(JSON.stringify({
  importMs: imported - started, initMs: initialized - imported, firstResultMs: firstResult, calls: times.slice(0, 3), steady,
  initCpuMs: cpuMs(initCpu) - cpuMs(importedCpu), firstResultCpuMs: firstResultCpu, cpuCalls: cpuTimes.slice(0, 3), cpuSteady: restCpu[restCpu.length >> 1], ...freshMemory(kernelStats().idleBytes),
}));

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e3;
}

/** The OS's cost of a run's memory on first use: touching fresh wasm pages, minus touching them again. */
function freshMemory(bytes: number): { memoryMiB: number; freshMemoryMs: number } {
  const view = new Uint8Array(new WebAssembly.Memory({ initial: bytes / 65536 }).buffer);
  const first = performance.now();
  view.fill(1);
  const second = performance.now();
  view.fill(2);
  return { memoryMiB: bytes / 2 ** 20, freshMemoryMs: second - first - (performance.now() - second) };
}
