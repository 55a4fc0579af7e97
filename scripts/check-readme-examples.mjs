// README's examples run as a new user would paste them: each code block after an
// "<!-- example: NAME -->" line is written to NAME in a fresh project that has the
// package installed from its tarball (test-output/pack/consumer, made by
// scripts/check-package.mjs) and the optional peers the example imports, with the
// Fashion-MNIST model and a sample as model.onnx and shoe.png, and run with Node. Its
// output must equal the block after "<!-- output: NAME -->" when README gives one.
// Closes with "examples: N passed, N failed".
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const consumer = path.join(root, "test-output/pack/consumer");
const project = path.join(root, "test-output/readme-examples");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const blockAfter = (marker) => [...readme.matchAll(new RegExp(`<!-- ${marker}: (\\S+) -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``, "g"))]
  .map(([, name, code]) => [name, code]);
const examples = blockAfter("example");
const outputs = new Map(blockAfter("output"));

let passed = 0;
let failed = 0;
const report = (ok, name, detail = "") => {
  console.log(`${ok ? "ok" : `${detail}\nnot ok`} - ${name}`);
  ok ? passed++ : failed++;
};

if (!existsSync(path.join(consumer, "node_modules/occlusion-wasm"))) {
  report(false, "the installed package is missing: run scripts/check-package.mjs first");
} else {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(path.join(project, "node_modules"), { recursive: true });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "new-project", private: true, type: "module" }));
  // The installed package, and the peers README's install line names, as npm would lay them out.
  symlinkSync(path.join(consumer, "node_modules/occlusion-wasm"), path.join(project, "node_modules/occlusion-wasm"), "dir");
  for (const peer of ["onnxruntime-web", "onnxruntime-common", "pngjs"]) {
    symlinkSync(path.join(root, "node_modules", peer), path.join(project, "node_modules", peer), "dir");
  }
  copyFileSync(path.join(root, "examples/fashion-mnist/model.onnx"), path.join(project, "model.onnx"));
  copyFileSync(path.join(root, "examples/fashion-mnist/samples/9-ankle-boot.png"), path.join(project, "shoe.png"));
  report(examples.length >= 2, `README has its examples (${examples.map(([name]) => name).join(", ")})`);
  for (const [name, code] of examples) {
    writeFileSync(path.join(project, name), code);
    const run = spawnSync(process.execPath, [name], { cwd: project, encoding: "utf8", timeout: 120_000 });
    const ok = run.status === 0;
    report(ok, `README's ${name} runs in a new project`, `${run.stdout}${run.stderr}`);
    if (!ok) continue;
    const expected = outputs.get(name);
    if (expected !== undefined) {
      report(run.stdout.trim() === expected.trim(), `README's ${name} prints the output README shows`, `  printed:\n${run.stdout}`);
    }
  }
  const picture = path.join(project, "shoe-heat.png");
  if (examples.some(([name]) => name === "explain.mjs")) {
    const png = existsSync(picture) ? readFileSync(picture) : Buffer.alloc(0);
    const size = png.length >= 24 ? [png.readUInt32BE(16), png.readUInt32BE(20)] : [];
    report(size.join("x") === "28x28", "explain.mjs writes shoe-heat.png, a 28×28 PNG", `  size: ${size.join("x") || "no PNG"}`);
  }
}
console.log(`examples: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
