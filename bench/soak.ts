// npm run soak [runs]: 2000 attributions of varied shapes in one process, printing JS
// heap and the kernel pool's wasm memory every 100 runs. Memory should level off after
// the first runs; a steady climb is a leak.
import { exposeGc, soak } from "./soak-loop.ts";

const runs = Number(process.argv[2] ?? 2000);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const gc = await exposeGc();
const started = Date.now();
console.log(`soak: ${runs} attributions${gc ? "" : " (no gc available: heap numbers include garbage)"}`);
await soak(runs, 100, (s) => {
  console.log(`run ${String(s.run).padStart(5)}  heap ${mib(s.heapUsed).padStart(10)}  kernels created ${s.created}, in use ${s.inUse}, idle ${s.idle} holding ${mib(s.idleBytes)}`);
}, gc);
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
