/**
 * npm run demo:text's script (examples/text/demo.ts): ten held-out sentences, each with
 * its true and predicted label and all its words with values (no colour off a terminal),
 * and the HTML page with the same ten rows.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { readData } from "./support/text-model.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

test("the text demo prints ten labelled sentences word by word and writes the HTML table", async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", "examples/text/demo.ts"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } },
      (error, out, err) => (error ? reject(new Error(err || error.message)) : resolve(out)));
  });
  const data = await readData();
  const lines = stdout.split("\n");
  data.test.slice(0, 10).forEach((item) => {
    const words = item.text.split(" ").map((word) => `${word}(`);
    const at = lines.findIndex((line) => words.every((w) => line.includes(w)));
    assert.ok(at > 0, `a line for ${item.text}`);
    assert.match(lines[at - 1], new RegExp(`^True: ${data.classes[item.label]}  Predicted: \\w+ \\(\\d\\.\\d\\d\\)`));
  });
  const page = await readFile(`${ROOT}out/text/demo.html`, "utf8");
  assert.is(page.match(/<tr>/g)?.length, 11, "header and ten rows");
});

test.run();
