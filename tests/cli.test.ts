/**
 * The occlusion-wasm command, run as a child process from source (src/cli/main.ts):
 * help, one-line errors with their exit status, and a real run on a Fashion-MNIST
 * sample whose JSON attribution equals the library's, computed here.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-web";
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import { Occlusion, tensor, type Tensor } from "../src/index.ts";
import { assertOneLineError, runCli, type CliResult as Result } from "./support/cli.ts";
import { createFashionSession, readSampleImage, readSampleLabels, SAMPLES_DIR, EXAMPLE_DIR } from "./support/fashion-mnist.ts";

const OUT = fileURLToPath(new URL("../test-output/cli/", import.meta.url));
const MODEL = fileURLToPath(new URL("model.onnx", EXAMPLE_DIR));
const sample = (file: string) => fileURLToPath(new URL(file, SAMPLES_DIR));



const cli = (...args: string[]): Promise<Result> => runCli(args);

async function writePng(file: string, width: number, height: number, pixel: (i: number) => number[]): Promise<void> {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([...pixel(i), 255].slice(0, 4), 4 * i);
  await writeFile(file, PNG.sync.write(png));
}

test.before(async () => {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
});

test("--help prints the usage and exits 0", async () => {
  const result = await cli("--help");
  assert.is(result.code, 0);
  assert.match(result.stdout, /^Usage: occlusion-wasm --model/);
  for (const flag of ["--window", "--stride", "--target", "--baseline", "--ppe", "--method", "--sign", "--out", "--json"]) {
    assert.ok(result.stdout.includes(flag), `help mentions ${flag}`);
  }
});

test("a bad flag exits 2 with one line", async () => {
  assertOneLineError(await cli("--model", MODEL, "--image", sample("0-tshirt.png"), "--colour", "red"), 2, /--colour/);
  assertOneLineError(await cli("--model", MODEL, "--image", sample("0-tshirt.png"), "--method", "sparkles"), 2, /--method must be one of/);
  assertOneLineError(await cli("--image", sample("0-tshirt.png")), 2, /--model is required/);
  assertOneLineError(await cli("--model", MODEL, "--image", sample("0-tshirt.png"), "--target", "10"), 2, /--target 10 is out of range.*10 outputs/);
  assertOneLineError(await cli("--model", MODEL, "--image", sample("0-tshirt.png"), "--window", "30"), 2, /larger than the 28x28 image/);
});

test("a missing file exits 1 with one line naming it", async () => {
  assertOneLineError(await cli("--model", MODEL, "--image", "no-such.png"), 1, /image file not found: no-such\.png$/);
  assertOneLineError(await cli("--model", "no-such.onnx", "--image", sample("0-tshirt.png")), 1, /model file not found: no-such\.onnx$/);
});

test("--resize none refuses an image of the wrong size; the default crops, resizes and warns", async () => {
  const file = `${OUT}wide.png`;
  await writePng(file, 32, 28, () => [9, 9, 9]);
  assertOneLineError(await cli("--model", MODEL, "--image", file, "--resize", "none"), 1, /is 32x28 but 28x28 was asked for/);
  const run = await cli("--model", MODEL, "--image", file, "--out", `${OUT}wide.heat.png`, "--json", `${OUT}wide.json`);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stderr, /warning: .*wide\.png: cropped 32x28 to the centre 28x28/);
  const report = JSON.parse(await readFile(`${OUT}wide.json`, "utf8"));
  assert.equal(report.input.shape, [1, 1, 28, 28]);
});

test("--scale, --mean, --std and --background reach the model input as the image helper makes it", async () => {
  const file = `${OUT}alpha.png`;
  await writePng(file, 28, 28, (i) => [200, 100, 50, i % 2 ? 0 : 255]);
  const run = await cli("--model", MODEL, "--image", file, "--out", `${OUT}alpha.heat.png`, "--json", `${OUT}alpha.json`,
    "--scale", "0-255", "--mean", "10", "--std", "2", "--background", "#ffffff", "--layout", "nchw");
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stderr, /392 transparent or translucent pixel\(s\) composited on #ffffff/);
  const report = JSON.parse(await readFile(`${OUT}alpha.json`, "utf8"));
  assert.equal(report.preprocessing.mean, [10]);
  assert.equal(report.preprocessing.std, [2]);
  assert.is(report.preprocessing.scale, 1);
  assertOneLineError(await cli("--model", MODEL, "--image", file, "--scale", "3"), 2, /--scale 3 would multiply .*--zoom/);
  assertOneLineError(await cli("--model", MODEL, "--image", file, "--resize", "squash"), 2, /--resize must be one of/);
});

test("a model that cannot be loaded exits 1 with one line", async () => {
  const file = `${OUT}broken.onnx`;
  await writeFile(file, "not a model");
  assertOneLineError(await cli("--model", file, "--image", sample("0-tshirt.png")), 1, /cannot load model .*broken\.onnx/);
});

test("a run writes a picture of the image's size times --zoom and a JSON with the library's attribution", async () => {
  const [label] = (await readSampleLabels()).filter((s) => s.file === "4-coat.png");
  const result = await cli("--model", MODEL, "--image", sample(label.file), "--zoom", "3",
    "--out", `${OUT}coat.png`, "--json", `${OUT}coat.json`, "--labels", fileURLToPath(new URL("model.json", EXAMPLE_DIR)));
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /predicted 4 \(Coat\)/);
  const png = PNG.sync.read(await readFile(`${OUT}coat.png`));
  assert.equal([png.width, png.height], [84, 84]);
  const report = JSON.parse(await readFile(`${OUT}coat.json`, "utf8"));
  assert.is(report.predicted, label.predicted);
  assert.equal(report.window, [4, 4]);
  assert.equal(report.stride, [2, 2]);

  const session = await createFashionSession();
  const image = await readSampleImage(label.file);
  const forward = async (x: Tensor) => (await session.run({ input: new ort.Tensor("float32", x.data, x.shape) })).logits;
  const expected = await new Occlusion(forward).attribute(tensor(image.pixels, [1, 1, 28, 28]), {
    slidingWindowShapes: [1, 4, 4], strides: [1, 2, 2], baselines: 0, target: label.predicted, perturbationsPerEval: 16,
  });
  assert.equal(report.attribution.shape, [1, 1, 28, 28]);
  assert.equal(report.attribution.data, Array.from(expected.data));
});

test("--ppe auto gives the attribution of --ppe 16, and the JSON names the size it settled on", async () => {
  const run = (ppe: string, name: string) => cli("--model", MODEL, "--image", sample("4-coat.png"), "--ppe", ppe, "--out", `${OUT}${name}.png`, "--json", `${OUT}${name}.json`);
  const [auto, fixed] = [await run("auto", "coat-auto"), await run("16", "coat-16")];
  assert.is(auto.code, 0, auto.stderr);
  assert.is(fixed.code, 0, fixed.stderr);
  const [autoReport, fixedReport] = await Promise.all(["coat-auto", "coat-16"].map(async (name) => JSON.parse(await readFile(`${OUT}${name}.json`, "utf8"))));
  assert.ok([1, 4, 16, 64].includes(autoReport.perturbationsPerEval), String(autoReport.perturbationsPerEval));
  assert.equal(autoReport.attribution.data, fixedReport.attribution.data);
  assertOneLineError(await cli("--model", MODEL, "--image", sample("4-coat.png"), "--ppe", "fast"), 2, /--ppe must be an integer >= 1 or auto/);
});

test("--legend adds the colour legend under the map, --smooth interpolates, --side-by-side pads the image", async () => {
  const args = ["--model", MODEL, "--image", sample("4-coat.png"), "--zoom", "10"];
  const legend = await cli(...args, "--legend", "--side-by-side", "--out", `${OUT}legend.png`, "--json", `${OUT}legend.json`);
  assert.is(legend.code, 0, legend.stderr);
  const png = PNG.sync.read(await readFile(`${OUT}legend.png`));
  assert.is(png.width, 560);
  assert.ok(png.height > 280, `legend band: ${png.height}`);
  const report = JSON.parse(await readFile(`${OUT}legend.json`, "utf8"));
  assert.equal([report.picture.width, report.picture.height], [png.width, png.height]);
  const white = (x: number, y: number) => png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3).every((v) => v === 255);
  assert.ok(white(10, png.height - 2), "below the image itself is white");
  const [nearest, smooth] = await Promise.all(["nearest", "smooth"].map(async (name) => {
    const result = await cli(...args, ...(name === "smooth" ? ["--smooth"] : []), "--out", `${OUT}${name}.png`);
    assert.is(result.code, 0, result.stderr);
    return PNG.sync.read(await readFile(`${OUT}${name}.png`));
  }));
  assert.equal([smooth.width, smooth.height], [280, 280]);
  const distinct = (image: PNG) => new Set(Array.from({ length: 280 }, (_, x) => image.data.readUInt32BE((140 * 280 + x) * 4))).size;
  assert.ok(distinct(nearest) <= 28, "nearest: at most one colour per source pixel in a row");
  assert.ok(distinct(smooth) > distinct(nearest), "smooth: colours in between");
});

test("RGB PNG and JPEG images run on a grayscale model (as luma)", async () => {
  const image = await readSampleImage("8-bag.png");
  const byte = (i: number) => Math.round(image.pixels[i] * 255);
  await writePng(`${OUT}bag-rgb.png`, 28, 28, (i) => (i === 0 ? [byte(i), byte(i), byte(i) ? 0 : 1] : [byte(i), byte(i), byte(i)]));
  const rgba = new Uint8Array(28 * 28 * 4).map((_, k) => (k % 4 === 3 ? 255 : byte(Math.floor(k / 4))));
  await writeFile(`${OUT}bag.jpg`, jpeg.encode({ data: rgba, width: 28, height: 28 }, 100).data);
  for (const file of ["bag-rgb.png", "bag.jpg"]) {
    const result = await cli("--model", MODEL, "--image", `${OUT}${file}`, "--out", `${OUT}${file}.heat.jpg`);
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, /predicted 8,/, file);
    assert.equal(jpeg.decode(await readFile(`${OUT}${file}.heat.jpg`)).width, 28);
  }
});

test.run();
