// The error tables of README.md and docs/*.md document every error code of every entry
// point (the core's, occlusion-wasm/visualize's, /adapters', /image's, /queue's, /pool's and
// /text's), and no code they document is unknown to the code tables.
import { readdirSync, readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ADAPTER_ERROR_CODES } from "../src/adapters/index.ts";
import { ERROR_CODES } from "../src/index.ts";
import { POOL_ERROR_CODES } from "../src/pool/index.ts";
import { TEXT_ERROR_CODES } from "../src/text/index.ts";
import { VISUALIZE_ERROR_CODES } from "../src/visualize/index.ts";
import { IMAGE_ERROR_CODES } from "../src/image/index.ts";
import { QUEUE_ERROR_CODES } from "../src/queue/index.ts";

const docs = new URL("../docs/", import.meta.url);
const pages = [new URL("../README.md", import.meta.url), ...readdirSync(docs).filter((name) => name.endsWith(".md")).map((name) => new URL(name, docs))];
const doc = pages.map((page) => readFileSync(page, "utf8")).join("\n");
const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]));
const codes = [ERROR_CODES, VISUALIZE_ERROR_CODES, ADAPTER_ERROR_CODES, IMAGE_ERROR_CODES, QUEUE_ERROR_CODES, POOL_ERROR_CODES, TEXT_ERROR_CODES].flatMap((table) => Object.keys(table));

test("every error code has a row in README.md or docs/", () => {
  assert.equal(codes.filter((code) => !documented.has(code)), []);
});

test("every code in the docs' tables exists", () => {
  assert.equal([...documented].filter((code) => !codes.includes(code)), []);
});

test("the tables do not share a code", () => {
  assert.is(new Set(codes).size, codes.length);
});

test.run();
