// Lints the package as it would be published: `npm pack` into test-output/, then publint
// (--strict: warnings fail too) and @arethetypeswrong/cli (--profile strict) on the
// tarball (both work offline on a local file), and installs the tarball (--offline) into
// a throwaway consumer that loads it by name from ESM and CommonJS. Also: the tarball's
// file list against docs/package.md, the README's size, one OcclusionError across builds.
// Closes with "package: N passed, N failed".
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

// The tarball holds exactly the files docs/package.md lists, no test, source or fixture
// file, and a README within its 15 KB budget.
const listed = readFileSync(path.join(root, "docs/package.md"), "utf8").match(/<!-- pack-list:start -->([\s\S]*?)<!-- pack-list:end -->/)?.[1] ?? "";
const documented = [...listed.matchAll(/^- `([^`]+)`$/gm)].map((match) => match[1]).sort();
const packedFiles = packed.files.map((file) => file.path).sort();
const readme = packed.files.find((file) => file.path === "README.md");
const contents = [
  ["the tarball holds exactly the files docs/package.md lists",
    JSON.stringify(documented) === JSON.stringify(packedFiles),
    `  packed, not listed: ${packedFiles.filter((file) => !documented.includes(file)).join(", ") || "none"}; listed, not packed: ${documented.filter((file) => !packedFiles.includes(file)).join(", ") || "none"}`],
  ["the tarball holds no test, source or fixture file",
    !packedFiles.some((file) => /(^|\/)(tests?|__tests__|fixtures|src|assembly|bench|examples)\/|\.test\.|\.ts$(?<!\.d\.ts)/.test(file.replace(/\.d\.cts$/, ".d.ts"))), `  files: ${packedFiles.join(", ")}`],
  ["README.md is within its 15 KB budget", readme !== undefined && readme.size <= 15 * 1024, `  README.md: ${readme?.size} bytes`],
];

const bin = (name) => path.join(root, "node_modules/.bin", name);
const checks = [
  ["publint --strict reports no problem on the tarball", bin("publint"), ["run", tarball, "--strict"]],
  // Every subpath, the .wasm ones included (typed by dist/kernel.wasm.d.ts).
  ["attw --profile strict reports no problem on any subpath of the tarball", bin("attw"), [tarball, "--profile", "strict", "--format", "ascii", "--no-emoji", "--no-color"]],
];

// The consumer: what a user's project sees after `npm install occlusion-wasm`.
const consumer = path.join(out, "consumer");
mkdirSync(consumer);
writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
const loads = `
  const ok = typeof lib.Occlusion === "function" && typeof pictures.visualizeImageAttr === "function"
    && (await lib.init({ simd: false })).simd === false && (await lib.init({ simd: true })).simd === true;
  if (!ok) throw new Error("the installed package does not load");`;
// The adapters entry shares the main entry's OcclusionError (it imports it, not a copy).
const adapters = `
  let thrown;
  try { adapters.onnxForward({}, null); } catch (error) { thrown = error; }
  if (!(thrown instanceof lib.OcclusionError) || typeof adapters.tfjsForward !== "function") throw new Error("occlusion-wasm/adapters does not load");`;
const esm = `import * as lib from "occlusion-wasm"; import * as pictures from "occlusion-wasm/visualize"; import * as adapters from "occlusion-wasm/adapters";${loads}${adapters}`;
const cjs = `(async () => { const lib = require("occlusion-wasm"); const pictures = require("occlusion-wasm/visualize"); const adapters = require("occlusion-wasm/adapters");${loads}${adapters} })().catch((e) => { console.error(e); process.exit(1); });`;
checks.push(["the tarball installs and loads by name, with its pictures and adapters (ESM and CommonJS)", "sh", ["-c",
  `${npm.map(quote).join(" ")} install --offline --no-audit --no-fund --ignore-scripts --silent ${quote(tarball)} ` +
  `&& node --input-type=module -e ${quote(esm)} && node -e ${quote(cjs)}`], consumer]);

// One error class whichever build threw: errors from the CommonJS build and from the
// classic-script global are instances of the ESM build's OcclusionError, and back.
const oneClass = `
  import { createRequire } from "node:module";
  import { readFileSync } from "node:fs";
  import vm from "node:vm";
  import * as esm from "occlusion-wasm";
  const require = createRequire(import.meta.url);
  const cjs = require("occlusion-wasm");
  vm.runInThisContext(readFileSync(require.resolve("occlusion-wasm/package.json").replace(/package\\.json$/, "dist/index.global.js"), "utf8"));
  const classic = globalThis.occlusionWasm;
  const thrownBy = (lib) => { try { new lib.Occlusion(42); } catch (error) { return error; } };
  const builds = { esm, cjs, classic };
  for (const [from, lib] of Object.entries(builds)) {
    if (lib.OcclusionError === undefined) throw new Error(from + " has no OcclusionError");
    const error = thrownBy(lib);
    for (const [name, other] of Object.entries(builds)) {
      if (!(error instanceof other.OcclusionError)) throw new Error("an error of the " + from + " build is not an instance of the " + name + " build's OcclusionError");
    }
    if (!(error instanceof Error) || error.code !== "INVALID_FORWARD") throw new Error("not an Error with its code");
  }
  if (new Error("plain") instanceof esm.OcclusionError || ({ code: "ABORTED" }) instanceof cjs.OcclusionError) throw new Error("a plain value passes instanceof");`;
checks.push(["err instanceof OcclusionError holds across the ESM, CommonJS and classic-script builds", "node", ["--input-type=module", "-e", oneClass], consumer]);

// The bin runs (--help needs none of its optional peers) and fails in one line.
checks.push(["the installed occlusion-wasm command prints its help and reports a missing file in one line", "sh", ["-c",
  "node_modules/.bin/occlusion-wasm --help | grep -q '^Usage: occlusion-wasm' && " +
  "! node_modules/.bin/occlusion-wasm --model m.onnx --image x.png 2>err.txt && grep -qx 'occlusion-wasm: image file not found: x.png' err.txt"], consumer]);

function quote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

let passed = 0;
let failed = 0;
for (const [name, ok, detail] of contents) {
  console.log(`${ok ? "ok" : `${detail}\nnot ok`} - ${name}`);
  ok ? passed++ : failed++;
}
for (const [name, command, args, cwd = root] of checks) {
  const run = spawnSync(command, args, { cwd, encoding: "utf8" });
  process.stdout.write(run.stdout + run.stderr);
  const ok = run.status === 0;
  console.log(`${ok ? "ok" : "not ok"} - ${name}`);
  ok ? passed++ : failed++;
}
console.log(`package: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
