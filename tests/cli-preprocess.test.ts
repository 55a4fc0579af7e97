// The CLI's preprocessing with a model that carries its own: tests/fixtures/app/rgb-nhwc.onnx
// takes NHWC RGB images of any size and names its labels, ImageNet normalisation, fit pad
// and a white background in its ONNX metadata. The CLI's attribution must equal the
// library's on occlusion-wasm/image's tensor with those options.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-web";
import { PNG } from "pngjs";
import { Occlusion, type Tensor } from "../src/index.ts";
import { imageToTensor } from "../src/image/index.ts";
import { runCli } from "./support/cli.ts";

const cli = (...args: string[]) => runCli(args);

const OUT = fileURLToPath(new URL("../test-output/cli-preprocess/", import.meta.url));
const MODEL = fileURLToPath(new URL("fixtures/app/rgb-nhwc.onnx", import.meta.url));


test("an NHWC RGB model of any size: labels and ImageNet preprocessing from its metadata, the image's own size", async () => {
  await mkdir(OUT, { recursive: true });
  const png = new PNG({ width: 21, height: 14 });
  for (let i = 0; i < 21 * 14; i++) png.data.set([(i * 7) % 256, (i * 3) % 256, 200, i % 5 === 0 ? 128 : 255], 4 * i);
  await writeFile(`${OUT}colour.png`, PNG.sync.write(png));
  const run = await cli("--model", MODEL, "--image", `${OUT}colour.png`, "--out", `${OUT}colour.heat.png`, "--json", `${OUT}colour.json`);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /predicted \d \(\w+ thing\)/);
  assert.match(run.stderr, /transparent or translucent pixel\(s\) composited on #ffffff/); // the metadata's background
  const report = JSON.parse(await readFile(`${OUT}colour.json`, "utf8"));
  assert.equal(report.input.shape, [1, 14, 21, 3]);
  assert.is(report.input.layout, "nhwc");
  assert.equal(report.preprocessing.mean, [0.485, 0.456, 0.406]);

  const prepared = imageToTensor({ data: png.data, width: 21, height: 14 }, { layout: "nhwc", channels: 3, normalization: "imagenet", fit: "pad", background: "#ffffff" });
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(await readFile(MODEL), { executionProviders: ["wasm"] });
  const forward = async (x: Tensor) => (await session.run({ pixels: new ort.Tensor("float32", x.data, x.shape) })).scores;
  const expected = await new Occlusion(forward).attribute(prepared.tensor, {
    slidingWindowShapes: [2, 2, 3], strides: [1, 1, 3], target: report.predicted, perturbationsPerEval: 16,
  });
  assert.equal(report.window, [2, 2]);
  assert.equal(report.attribution.data, Array.from(expected.data));
});

test("--scale and --background win over the model's metadata (a range name brings its own mean and std)", async () => {
  const run = await cli("--model", MODEL, "--image", `${OUT}colour.png`, "--out", `${OUT}c2.png`, "--json", `${OUT}c2.json`, "--scale", "0-255", "--background", "black");
  assert.is(run.code, 0, run.stderr);
  const report = JSON.parse(await readFile(`${OUT}c2.json`, "utf8"));
  assert.equal([report.preprocessing.scale, report.preprocessing.mean, report.preprocessing.std], [1, [0, 0, 0], [1, 1, 1]]);
  assert.match(run.stderr, /composited on #000000/);
});

test.run();
