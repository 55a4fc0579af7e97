// Reads the Captum conformance vectors (tests/fixtures/conformance, copied from the
// project's shared vectors; see its README) from disk; conformance-model.ts turns each
// into an occlusion-wasm call.
import { readdirSync, readFileSync } from "node:fs";
import type { ConformanceCase } from "./conformance-model.ts";

export * from "./conformance-model.ts";

export const FIXTURES = new URL("../fixtures/conformance/", import.meta.url);

export function loadCases(): ConformanceCase[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8")) as ConformanceCase);
}

