// README.md's error-code table documents every error code of attribute (the VIS_ codes
// are in its pictures section), and no code it documents is unknown to ERROR_CODES.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ERROR_CODES } from "../src/index.ts";

const doc = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]));

test("every non-visualize error code has a row in README.md", () => {
  const missing = Object.keys(ERROR_CODES).filter((code) => !code.startsWith("VIS_") && !documented.has(code));
  assert.equal(missing, []);
});

test("every code in the table exists", () => {
  const unknown = [...documented].filter((code) => !(code in ERROR_CODES));
  assert.equal(unknown, []);
});

test.run();
