// npm run bench:e2e: one 224x224 image explained end to end on a ResNet-18-sized model
// (model.ts), window [3,15,15], stride [3,8,8] (784 windows), in onnxruntime-web (wasm)
// and onnxruntime-node, for each perturbationsPerEval; the library's share of the wall
// time (time outside session.run); the worker pool (occlusion-wasm/pool) against the best
// single session; Captum's Occlusion on the same weights when Python has torch + captum.
//   --quick            stride 15 (225 windows), perturbationsPerEval 16 only
//   --ppe 1,4,16,64    --runtimes node,web    --no-captum    --no-pool
//   --rounds 3         alternating rounds of the pool comparison (pool-compare.ts)
//   --no-auto          skip the perturbationsPerEval "auto" row (auto-row.ts: --rounds
//                      alternating rounds of auto and the best fixed size)
// One run, one process: ratios are between measurements taken minutes apart on one machine.
import { writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { Occlusion, init, tensor, type Tensor } from "../../src/index.ts";
import { onnxForward } from "../../src/adapters/index.ts";
import { comparePool } from "./pool-compare.ts";
import { autoRow, type AutoRow } from "./auto-row.ts";
import { runCaptum, type CaptumResult } from "./captum.ts";
import { ensureModel, MODEL_DIR } from "./model.ts";
import { PACKAGES, createTimedSession, loadRuntime, type RuntimeName } from "./sessions.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = argv.includes("--quick");
const STRIDE = quick ? 15 : 8;
const PPES = (flag("--ppe") ?? (quick ? "16" : "1,4,16,64")).split(",").map(Number);
const ROUNDS = Number(flag("--rounds") ?? 3);
const POOL_PPE = PPES.includes(16) ? 16 : PPES[PPES.length - 1];
const RUNTIMES = (flag("--runtimes") ?? "node,web").split(",") as RuntimeName[];
const CORES = availableParallelism();
const SIDE = 224;
const shifts = Math.ceil((SIDE - 15) / STRIDE) + 1;
const WINDOWS = shifts * shifts;

/** A seeded image in [0, 1): the same bytes on every run. */
function seededImage(): Tensor {
  let state = 12345;
  const data = Float32Array.from({ length: 3 * SIDE * SIDE }, () => ((state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647));
  return tensor(data, [1, 3, SIDE, SIDE]);
}

const maxRelDiff = (a: Float32Array, b: Float32Array) => {
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
};
const fmt = (ms: number | undefined) => (ms === undefined ? "-" : (ms / 1000).toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? "-" : (a / b).toFixed(2));

const model = ensureModel();
const imagePath = `${MODEL_DIR}image.f32`;
const input = seededImage();
writeFileSync(imagePath, input.data);
await init();
const options = (ppe: number, target: number) => ({ slidingWindowShapes: [3, 15, 15], strides: [3, STRIDE, STRIDE], target, perturbationsPerEval: ppe });

console.log(`bench:e2e ${new Date().toISOString()}: ResNet-18 shape (seeded, untrained), 1x3x224x224, window [3,15,15], stride [3,${STRIDE},${STRIDE}] ` +
  `(${WINDOWS} windows, ${WINDOWS + 1} model calls per image at perturbationsPerEval 1); ${CORES} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);

interface RuntimeRow { name: RuntimeName; version: string; wallMs: Map<number, number>; shares: Map<number, number>; singleMs?: number; multiMs?: number; poolMs?: number; poolSame?: boolean; result?: Tensor; auto?: AutoRow }
const rows: RuntimeRow[] = [];
let target = -1;

for (const name of RUNTIMES) {
  const ort = await loadRuntime(name);
  if (!ort) {
    console.log(`${PACKAGES[name]}: not loadable here, skipped`);
    continue;
  }
  const single = await createTimedSession(ort, name, model.onnx, 1);
  if (target < 0) {
    const out = await onnxForward(single.session, single.Tensor)(input) as unknown as { data: Float32Array };
    target = out.data.indexOf(Math.max(...out.data));
  }
  const row: RuntimeRow = { name, version: single.version, wallMs: new Map(), shares: new Map() };
  for (const ppe of PPES) {
    await single.warmUp(ppe);
    single.modelMs = 0;
    const started = performance.now();
    const result = await new Occlusion(onnxForward(single.session, single.Tensor)).attribute(input, options(ppe, target));
    if (ppe === PPES[PPES.length - 1]) row.result = result;
    const wall = performance.now() - started;
    row.wallMs.set(ppe, wall);
    row.shares.set(ppe, (wall - single.modelMs) / wall);
        console.log(`  ${PACKAGES[name]} 1 thread, perturbationsPerEval ${ppe}: ${fmt(wall)} s, library ${(100 * (wall - single.modelMs) / wall).toFixed(3)} %`);
  }
  if (!argv.includes("--no-auto")) {
    const bestFixed = [...row.wallMs].reduce((a, b) => (b[1] < a[1] ? b : a))[0];
    row.auto = await autoRow(ort, name, model.onnx, input, options(1, target), bestFixed, ROUNDS);
    console.log(`  ${PACKAGES[name]} 1 thread, perturbationsPerEval auto (settled on ${row.auto.chosen.join(", ")}), median of ${ROUNDS} rounds alternating with ` +
      `${bestFixed}: ${fmt(row.auto.wallMs)} s, library ${(100 * row.auto.share).toFixed(3)} %, auto / ${bestFixed} ${row.auto.ratio.toFixed(2)} x`);
  }
  if (!argv.includes("--no-pool") && CORES > 1) {
    const compared = await comparePool({ ort, name, model: model.onnx, input, options: options(POOL_PPE, target), cores: CORES, ppe: POOL_PPE, single, rounds: ROUNDS });
    Object.assign(row, { singleMs: compared.singleMs, multiMs: compared.multiMs, poolMs: compared.poolMs, poolSame: compared.same });
    console.log(`  ${PACKAGES[name]} perturbationsPerEval ${POOL_PPE}, median of ${ROUNDS} alternating rounds: one session 1 thread ${fmt(compared.singleMs)} s, ` +
      `${CORES} threads ${fmt(compared.multiMs)} s, pool of ${CORES} x 1 thread ${fmt(compared.poolMs)} s (bit-identical to one session: ${compared.same})`);
  }
  rows.push(row);
}

let captum: CaptumResult | undefined, captumMulti: CaptumResult | undefined;
if (!argv.includes("--no-captum") && target >= 0) {
  captum = runCaptum(model.python, model.state, imagePath, 1, STRIDE, PPES, `${MODEL_DIR}captum-attr.f32`);
  if (captum && CORES > 1 && !argv.includes("--no-pool")) captumMulti = runCaptum(model.python, model.state, imagePath, CORES, STRIDE, [POOL_PPE], `${MODEL_DIR}captum-attr-multi.f32`);
  console.log(captum ? `  captum ${captum.captum}, torch ${captum.torch}: ${captum.runs.map((r) => `ppe ${r.ppe} ${r.seconds.toFixed(2)} s`).join(", ")}` +
    (captumMulti ? `; ${CORES} threads ppe ${POOL_PPE} ${captumMulti.runs[0].seconds.toFixed(2)} s` : "") : "  captum: not importable (python3 with torch and captum on PYTHONPATH), skipped");
}
const captumMs = (ppe: number) => captum?.runs.find((r) => r.ppe === ppe)?.seconds! * 1000 || undefined;

console.log(`\nseconds per image (1 thread unless said; library share of the wall time in parentheses)\n`);
console.log(`| perturbationsPerEval | ${rows.map((r) => `${PACKAGES[r.name]} ${r.version}`).join(" | ")} | Captum ${captum?.captum ?? "-"} (torch ${captum?.torch ?? "-"}) | ${rows.map((r) => `Captum / ${r.name}`).join(" | ")} |`);
console.log(`|---:|${rows.map(() => "---:|").join("")}---:|${rows.map(() => "---:|").join("")}`);
for (const ppe of PPES) {
  console.log(`| ${ppe} | ${rows.map((r) => `${fmt(r.wallMs.get(ppe))} (${(100 * r.shares.get(ppe)!).toFixed(2)} %)`).join(" | ")} | ${fmt(captumMs(ppe))} | ` +
    `${rows.map((r) => ratio(captumMs(ppe), r.wallMs.get(ppe))).join(" | ")} |`);
}
if (rows.some((r) => r.auto)) {
  console.log(`| auto | ${rows.map((r) => (r.auto ? `${fmt(r.auto.wallMs)} (${(100 * r.auto.share).toFixed(2)} %), settled on ${r.auto.chosen.join(", ")}` : "-")).join(" | ")} | - | ${rows.map(() => "-").join(" | ")} |`);
}
if (rows.some((r) => r.poolMs !== undefined)) {
  console.log(`| ${POOL_PPE}, one session with ${CORES} threads | ${rows.map((r) => fmt(r.multiMs)).join(" | ")} | ${fmt(captumMulti && captumMulti.runs[0].seconds * 1000)} | ` +
    `${rows.map((r) => ratio(captumMulti && captumMulti.runs[0].seconds * 1000, r.multiMs)).join(" | ")} |`);
  console.log(`| ${POOL_PPE}, pool of ${CORES} sessions x 1 thread | ${rows.map((r) => fmt(r.poolMs)).join(" | ")} | - | ` +
    `${rows.map((r) => ratio(captumMulti && captumMulti.runs[0].seconds * 1000, r.poolMs)).join(" | ")} |`);
}
const last = PPES[PPES.length - 1];
for (const r of rows) {
  if (captum?.attributions && r.name === "node") {
    // both are the last perturbationsPerEval's run
    if (r.result) console.log(`\nmax |ours - Captum| / max |Captum| (${PACKAGES[r.name]}, ppe ${last}): ${maxRelDiff(r.result.data, captum.attributions).toExponential(2)}`);
  }
}

// The summary line: share at ppe 16 (the native runtime, where the model is fastest and the
// share largest); pool speed-up over the best single session (1 or CORES threads) on the
// native runtime; Captum / ours with 1 thread each, each side at its fastest perturbationsPerEval.
const best = (values: (number | undefined)[]) => { const known = values.filter((v): v is number => v !== undefined); return known.length ? Math.min(...known) : undefined; };
const byName = (name: RuntimeName) => rows.find((r) => r.name === name);
const shareRow = byName("node") ?? rows[0];
const share = shareRow?.shares.get(POOL_PPE);
const poolRow = byName("node") ?? rows[0];
const speedUp = poolRow?.poolMs === undefined ? undefined : best([poolRow.singleMs, poolRow.multiMs])! / poolRow.poolMs;
const captumBest = best(captum?.runs.map((r) => r.seconds * 1000) ?? []);
const ours = (name: RuntimeName) => best([...(byName(name)?.wallMs.values() ?? [])]);
// auto's wall time over the best fixed row's, per runtime (target: within 10 %).
const autoOverBest = rows.filter((r) => r.auto).map((r) => `${r.name} ${r.auto!.ratio.toFixed(2)} x (vs ${r.auto!.fixedPpe}; settled on ${r.auto!.chosen.join(", ")})`);
if (autoOverBest.length) console.log(`\nauto / best fixed perturbationsPerEval (target <= 1.10), median of ${ROUNDS} alternating rounds: ${autoOverBest.join(", ")}`);
console.log(`\ne2e: library share ${share === undefined ? "-" : (100 * share).toFixed(2)} %, pool speed-up ${speedUp === undefined ? "-" : speedUp.toFixed(2)} x, ` +
  `captum/ours-web ${ratio(captumBest, ours("web"))} x, captum/ours-node ${ratio(captumBest, ours("node"))} x`);
