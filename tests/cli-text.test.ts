/**
 * occlusion-wasm --text / --text-file on the committed text model: one block per
 * sentence with the prediction and every word's attribution, HTML when asked, and
 * flag errors as one line with exit status 2.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli as cli } from "./support/cli.ts";

const MODEL = ["--model", "examples/text/model.onnx", "--tokenizer", "examples/text/tokenizer.json", "--labels", "examples/text/data.json"];


test("--text prints the prediction and each word with its attribution; --html writes the table", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "cli-text-"));
  const html = path.join(dir, "t.html");
  const sentence = "The computer program has a bug.";
  const result = await cli([...MODEL, "--text", sentence, "--no-color", "--html", html]);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /Predicted: computers \(\d\.\d\d\)/);
  const words = result.stdout.trim().split("\n").at(-1)!.split(" ");
  assert.equal(words.map((w) => w.replace(/\([+-]\d\.\d\d\)$/, "")), sentence.split(" "));
  const scores = words.map((w) => Number(w.match(/\(([+-]\d\.\d\d)\)$/)![1]));
  assert.ok(Math.max(...scores) === scores[1], `"computer" carries the topic: ${scores}`);
  const page = await readFile(html, "utf8");
  await rm(dir, { recursive: true });
  assert.ok(page.includes("computer") && page.includes("<table"), "HTML table written");
});

test("--text-file explains every non-empty line; --window sets n-grams", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "cli-text-"));
  const file = path.join(dir, "lines.txt");
  await writeFile(file, "Vote for the senator.\n\nLove is blind.\n");
  const result = await cli([...MODEL, "--text-file", file, "--no-color", "--window", "2"]);
  await rm(dir, { recursive: true });
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stdout.match(/^True: /gm)?.length, 2);
});

test("text-mode flag errors exit 2 with one line", async () => {
  for (const args of [["--text", "x"], [...MODEL, "--text", "x", "--window", "0"], [...MODEL, "--text", "x", "--bogus"]]) {
    const result = await cli(args);
    assert.is(result.code, 2, args.join(" "));
    assert.is(result.stderr.trim().split("\n").length, 1, result.stderr);
  }
});

test.run();
