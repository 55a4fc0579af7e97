/**
 * The occlusion-wasm command at its edges: --version, output names it cannot write, flag
 * values the library refuses (named by flag, exit 2), window sizes with a part missing,
 * and every missing optional peer named in one message with its install command.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { typescript } from "../scripts/rollup/typescript.mjs";
import { packageVersion } from "../scripts/rollup/package-version.mjs";
import { SAMPLES_DIR, EXAMPLE_DIR } from "./support/fashion-mnist.ts";
import { ROOT, assertOneLineError, runCli as cli } from "./support/cli.ts";

const OUT = fileURLToPath(new URL("../test-output/cli-edges/", import.meta.url));
const MODEL = fileURLToPath(new URL("model.onnx", EXAMPLE_DIR));
const IMAGE = fileURLToPath(new URL("0-tshirt.png", SAMPLES_DIR));


const run = (...args: string[]) => cli(["--model", MODEL, "--image", IMAGE, ...args]);


const exists = (file: string) => stat(file).then(() => true, () => false);
const packageJson = async () => JSON.parse(await readFile(`${ROOT}package.json`, "utf8"));

test.before(async () => {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
});

test("--version and -v print package.json's version and exit 0", async () => {
  const { version } = await packageJson();
  for (const flag of ["--version", "-v"]) {
    const result = await cli([flag]);
    assert.is(result.code, 0);
    assert.is(result.stdout, `${version}\n`);
  }
});

test("the build inlines package.json's version, and only name and version of it", async () => {
  const bundle = await rollup({ input: `${ROOT}src/cli/version.ts`, plugins: [typescript(), packageVersion()] });
  const { output } = await bundle.generate({ format: "es" });
  await bundle.close();
  const { version, devDependencies } = await packageJson();
  const code = output[0].code;
  assert.ok(code.includes(JSON.stringify(version)), code);
  assert.not.ok(Object.keys(devDependencies).some((dependency) => code.includes(dependency)), "no other field of package.json");
  const module = await import(`data:text/javascript,${encodeURIComponent(code)}`);
  assert.is(module.VERSION, version);
});

test("--out or --json in a folder that does not exist is an error, and nothing is created", async () => {
  assertOneLineError(await run("--out", `${OUT}missing/heat.png`), 2, /--out .*missing\/heat\.png: the folder .*missing does not exist/);
  assertOneLineError(await run("--out", `${OUT}heat.png`, "--json", `${OUT}gone/run.json`), 2, /--json .*: the folder .*gone does not exist/);
  assert.not.ok(await exists(`${OUT}missing`));
  assert.not.ok(await exists(`${OUT}gone`));
  assert.not.ok(await exists(`${OUT}heat.png`), "the check comes before the run");
});

test("an output extension the CLI cannot write is an error naming the flag", async () => {
  assertOneLineError(await run("--out", `${OUT}heat.gif`), 2, /--out must name a \.png, \.jpg, \.jpeg file, got .*heat\.gif.*"\.gif"/);
  assertOneLineError(await run("--out", `${OUT}heat`), 2, /--out must name .* \(no extension\)/);
  assertOneLineError(await run("--json", `${OUT}run.txt`), 2, /--json must name a \.json file/);
  const ok = await run("--out", `${OUT}HEAT.PNG`, "--json", `${OUT}run.json`);
  assert.is(ok.code, 0, ok.stderr);
  assert.ok(await exists(`${OUT}run.json`));
});

test("--target -1 gets the library's message, naming the flag", async () => {
  for (const args of [["--target", "-1"], ["--target=-1"]]) {
    assertOneLineError(await run(...args, "--out", `${OUT}t.png`), 2, /^occlusion-wasm: --target = -1 is negative; negative \(Python-style\) indices are not supported/);
  }
});

test("a window or stride with a part missing says which part", async () => {
  assertOneLineError(await run("--window", "4x"), 2, /--window must be <n> or <h>x<w> .*got "4x": the width \(after x\) is missing/);
  assertOneLineError(await run("--window", "x4"), 2, /got "x4": the height \(before x\) is missing/);
  assertOneLineError(await run("--stride", "2x0"), 2, /--stride .*the width \(after x\) must be at least 1/);
  assertOneLineError(await run("--window", "4xa"), 2, /the width \(after x\) "a" is not a whole number/);
  assertOneLineError(await run("--window", "2x2x2"), 2, /more than two sizes/);
});

test("errors name the flag, never the library's option", async () => {
  const cases: [string[], RegExp][] = [
    [["--zoom", "1000"], /--zoom 1000 makes a 28000x28000 picture; at most 16384 pixels a side/],
    [["--outlier-perc", "150"], /--outlier-perc must be a percentage in \[0, 100\]/],
    [["--method", "masked_image", "--sign", "all"], /--sign all cannot be drawn by --method masked_image/],
    [["--window", "--ppe", "4"], /--window is missing its value/],
    [["--stride", "5", "--window", "2"], /--stride 5x5 is larger than --window 2x2/],
    [["--ppe", "0"], /--ppe must be an integer >= 1/],
    [["--baseline", "dark"], /--baseline must be a number/],
    [["--target", "1.5"], /--target must be an integer/],
  ];
  for (const [args, pattern] of cases) {
    const result = await run(...args, "--out", `${OUT}f.png`);
    assertOneLineError(result, 2, pattern);
    assert.not.match(result.stderr, /slidingWindowShapes|perturbationsPerEval|strides|baselines|outlierPerc/);
  }
});

test("every missing optional peer is named at once, with the command that installs them", async () => {
  const all = await cli(["--model", MODEL, "--image", IMAGE, "--out", `${OUT}p.jpg`], ["onnxruntime-web", "pngjs", "jpeg-js"]);
  assertOneLineError(all, 1, /needs onnxruntime-web, pngjs and jpeg-js, not installed here: npm install onnxruntime-web pngjs jpeg-js$/);
  const one = await cli(["--model", MODEL, "--image", IMAGE, "--out", `${OUT}p.png`], ["onnxruntime-web", "jpeg-js"]);
  assertOneLineError(one, 1, /needs onnxruntime-web, not installed here: npm install onnxruntime-web$/);
  const help = await cli(["--help"], ["onnxruntime-web", "pngjs", "jpeg-js"]);
  assert.is(help.code, 0, "--help works without the peers");
});

test.run();
