// npm run demo: the occlusion-wasm command on the built-in Fashion-MNIST model and its
// ten sample images (one per class). Each run is a child process of the CLI, as a user
// would start it; pictures (image | blended heat map, 8x) and JSON reports go to
// out/fashion-mnist/. Prints, per image, the true label, the prediction and the picture.
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

interface Sample { file: string; label: number; className: string }
interface Report { predicted: number; labels: { predicted: string }; picture: { path: string }; seconds: number }

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HERE = "examples/fashion-mnist";
const OUT = "out/fashion-mnist";

function runCli(sample: Sample): Promise<Report> {
  const name = path.parse(sample.file).name;
  const args = [
    "--import", "tsx", "src/cli/main.ts", "--model", `${HERE}/model.onnx`, "--image", `${HERE}/samples/${sample.file}`,
    "--labels", `${HERE}/model.json`, "--scale", "8", "--side-by-side",
    "--out", `${OUT}/${name}.png`, "--json", `${OUT}/${name}.json`,
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT }, async (error, _stdout, stderr) => {
      if (error) return reject(new Error(`${sample.file}: ${stderr.trim() || error.message}`));
      resolve(JSON.parse(await readFile(path.join(ROOT, OUT, `${name}.json`), "utf8")));
    });
  });
}

/** Runs tasks with at most `limit` in flight, keeping their order. */
async function inParallel<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const started = performance.now();
const samples: Sample[] = JSON.parse(await readFile(path.join(ROOT, HERE, "samples/labels.json"), "utf8"));
await mkdir(path.join(ROOT, OUT), { recursive: true }); // the CLI writes into existing folders only
const reports = await inParallel(samples, Math.max(1, Math.min(4, availableParallelism())), runCli);
const width = Math.max(...samples.map((s) => s.className.length)) + 2;
console.log(`${"true label".padEnd(width)}${"prediction".padEnd(width + 2)}picture (image | heat map of the predicted class)`);
samples.forEach((sample, i) => {
  const report = reports[i];
  const mark = report.predicted === sample.label ? "✓" : "✗";
  console.log(`${sample.className.padEnd(width)}${mark} ${report.labels.predicted.padEnd(width)}${report.picture.path}`);
});
const right = reports.filter((r, i) => r.predicted === samples[i].label).length;
console.log(`${right}/${samples.length} predicted right; ${((performance.now() - started) / 1000).toFixed(1)} s. ` +
  "Green: occluding it lowers the class score (evidence for it); red: raises it.");
