// The Captum vectors every runtime runs: all of tests/fixtures/conformance (both sets,
// Occlusion and FeatureAblation, float and integer inputs, and the error cases); the
// runtime suite embeds them as JSON (about 0.4 MB).
import { readdirSync } from "node:fs";

export const RUNTIME_VECTORS = readdirSync(new URL("../fixtures/conformance/", import.meta.url))
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.slice(0, -".json".length))
  .sort();
