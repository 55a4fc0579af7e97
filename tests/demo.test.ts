/**
 * npm run demo's script (examples/fashion-mnist/demo.ts): one row per sample with its
 * true label, prediction and picture, and the pictures exist at the size it says
 * (image | heat map, 8x: 448x224).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { readSampleLabels } from "./support/fashion-mnist.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

test("the demo prints each sample's true label, prediction and picture, and writes the pictures", async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", "examples/fashion-mnist/demo.ts"], { cwd: ROOT }, (error, out, err) => {
      if (error) reject(new Error(err || error.message));
      else resolve(out);
    });
  });
  const labels = await readSampleLabels();
  for (const sample of labels) {
    const picture = `out/fashion-mnist/${sample.file}`;
    const row = stdout.split("\n").find((line) => line.endsWith(picture));
    assert.ok(row, `a row for ${sample.file} in:\n${stdout}`);
    assert.ok(row!.startsWith(sample.className), `true label first: ${row}`);
    assert.ok(row!.includes(`✓ ${sample.predictedClassName}`), `prediction: ${row}`);
    const png = PNG.sync.read(await readFile(`${ROOT}${picture}`));
    assert.equal([png.width, png.height], [448, 224], picture);
  }
  assert.match(stdout, /10\/10 predicted right/);
});

test.run();
