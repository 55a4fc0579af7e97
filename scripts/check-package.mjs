// Lints the package as it would be published: `npm pack` into test-output/, then publint
// (--strict: warnings fail too) and @arethetypeswrong/cli (--profile strict) on the
// tarball. Both work offline on a local file. Closes with "package: N passed, N failed".
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "test-output/pack");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// Under `npm test`, node_modules/.bin holds an old npm (a dependency of as-pect) ahead of
// the real one on PATH; npm_execpath names the npm that runs us.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const packArgs = [...npm.slice(1), "pack", "--json", "--pack-destination", out];
const [packed] = JSON.parse(execFileSync(npm[0], packArgs, { cwd: root, encoding: "utf8" }));
const tarball = path.join(out, packed.filename);
console.log(`# ${packed.filename}: ${packed.size} bytes packed, files: ${packed.files.map((file) => file.path).join(", ")}`);

const bin = (name) => path.join(root, "node_modules/.bin", name);
const checks = [
  ["publint --strict", bin("publint"), ["run", tarball, "--strict"]],
  // The .wasm subpaths are files, not modules: they have no types by design.
  ["attw --profile strict", bin("attw"), [tarball, "--profile", "strict", "--format", "ascii", "--no-emoji", "--no-color",
    "--exclude-entrypoints", "./kernel.simd.wasm", "./kernel.scalar.wasm"]],
];
let passed = 0;
let failed = 0;
for (const [name, command, args] of checks) {
  const run = spawnSync(command, args, { cwd: root, encoding: "utf8" });
  process.stdout.write(run.stdout + run.stderr);
  const ok = run.status === 0;
  console.log(`${ok ? "ok" : "not ok"} - ${name} reports no problem on the packed tarball`);
  ok ? passed++ : failed++;
}
console.log(`package: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
