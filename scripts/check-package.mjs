// Lints the package as it would be published: `npm pack` into test-output/, then publint
// (--strict: warnings fail too) and @arethetypeswrong/cli (--profile strict) on the
// tarball (both work offline on a local file), and installs the tarball (--offline) into
// a throwaway consumer that loads it by name from ESM and CommonJS. Also: the tarball's
// file list against docs/package.md, the README's size, one OcclusionError across builds.
// Closes with "package: N passed, N failed".
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
// The image entry shares OcclusionError too, and turns pixels into a tensor.
const image = `
  const t = image.imageToTensor({ data: new Uint8Array([255, 0, 0, 255]), width: 1, height: 1 }).tensor;
  let bad;
  try { image.imageToTensor(null); } catch (error) { bad = error; }
  if (t.data[0] !== 1 || !(bad instanceof lib.OcclusionError)) throw new Error("occlusion-wasm/image does not load");`;
// The pool entry starts a worker on a forward module and reads its answer back.
writeFileSync(path.join(consumer, "forward.mjs"), "export const createForward = ({ k }) => (x) => x.data.map((v) => v * k);\n");
const pool = `
  const workers = await pools.createForwardPool(require("node:url").pathToFileURL(process.cwd() + "/forward.mjs"), { size: 1, options: { k: 3 } });
  const doubled = await workers.forward({ data: new Float32Array([1, 2]), shape: [2] });
  await workers.close();
  if (doubled[1] !== 6) throw new Error("occlusion-wasm/pool does not run its worker");`;
// The text entry too (its errors are the main entry's OcclusionError).
const text = `
  let textThrown;
  try { new text.WordTokenizer({}); } catch (error) { textThrown = error; }
  const mask = text.wordAttributionInputs({ ids: [2, 7, 3], wordIds: [null, 0, null] }).featureMask.data;
  if (!(textThrown instanceof lib.OcclusionError) || mask[1] !== 0) throw new Error("occlusion-wasm/text does not load");`;
const esm = `import * as lib from "occlusion-wasm"; import * as pictures from "occlusion-wasm/visualize"; import * as adapters from "occlusion-wasm/adapters"; ` +
  `import * as image from "occlusion-wasm/image"; import * as pools from "occlusion-wasm/pool"; import * as text from "occlusion-wasm/text"; ` +
  `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);${loads}${adapters}${image}${pool}${text}`;
const cjs = `(async () => { const lib = require("occlusion-wasm"); const pictures = require("occlusion-wasm/visualize"); const adapters = require("occlusion-wasm/adapters"); ` +
  `const image = require("occlusion-wasm/image"); const pools = require("occlusion-wasm/pool"); const text = require("occlusion-wasm/text");` +
  `${loads}${adapters}${image}${pool}${text} })().catch((e) => { console.error(e); process.exit(1); });`;
checks.push(["the tarball installs and loads by name, with its pictures, adapters, image helper, pool and text helpers (ESM and CommonJS)", "sh", ["-c",
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

// --version is the published version; with no optional peer installed, a run names every
// peer it needs in one line. The consumer above sits inside this repository, where Node
// finds our devDependencies, so this one is installed in the system's temp folder.
// (A PNG signature is enough for the image: peers load before it is decoded.)
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const bare = mkdtempSync(path.join(tmpdir(), "occlusion-wasm-consumer-"));
writeFileSync(path.join(bare, "package.json"), JSON.stringify({ name: "bare-consumer", private: true }));
writeFileSync(path.join(bare, "x.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]));
checks.push(["the installed command prints its version, and names all missing peers at once", "sh", ["-c",
  `${npm.map(quote).join(" ")} install --offline --no-audit --no-fund --ignore-scripts --silent ${quote(tarball)} && ` +
  `test "$(node_modules/.bin/occlusion-wasm --version)" = ${quote(version)} && ` +
  "! node_modules/.bin/occlusion-wasm --model m.onnx --image x.png 2>err.txt && " +
  "grep -qx 'occlusion-wasm: the CLI needs onnxruntime-web and pngjs, not installed here: npm install onnxruntime-web pngjs' err.txt"], bare]);

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
rmSync(bare, { recursive: true, force: true });
console.log(`package: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
