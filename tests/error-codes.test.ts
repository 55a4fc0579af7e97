// The error tables of docs/ (docs/errors-and-robustness.md for the core and the adapters,
// docs/pictures.md for occlusion-wasm/visualize) document every error code of every entry
// point, and no code they document is unknown to the code tables.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ADAPTER_ERROR_CODES } from "../src/adapters/index.ts";
import { ERROR_CODES } from "../src/index.ts";
import { VISUALIZE_ERROR_CODES } from "../src/visualize/index.ts";

const doc = ["errors-and-robustness.md", "pictures.md"]
  .map((file) => readFileSync(new URL(`../docs/${file}`, import.meta.url), "utf8"))
  .join("\n");
const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]));
const codes = [ERROR_CODES, VISUALIZE_ERROR_CODES, ADAPTER_ERROR_CODES].flatMap((table) => Object.keys(table));

test("every error code has a row in the error tables of docs/", () => {
  assert.equal(codes.filter((code) => !documented.has(code)), []);
});

test("every code in the docs' tables exists", () => {
  assert.equal([...documented].filter((code) => !codes.includes(code)), []);
});

test("the three tables do not share a code", () => {
  assert.is(new Set(codes).size, codes.length);
});

test.run();
