// Bundles the runtime suite (suite.ts + the conformance model + the chosen vectors as
// JSON) into one dependency-free ES module, test-output/runtime-suite.mjs, that every
// runtime can load: it takes the built package as an argument and imports nothing else.
import { readFileSync } from "node:fs";
import { typescript } from "../../scripts/rollup/typescript.mjs";
import { RUNTIME_VECTORS } from "./vectors.mjs";

const VIRTUAL = "virtual:runtime-vectors";

function embedVectors() {
  return {
    name: "embed-vectors",
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      const read = (name) => JSON.parse(readFileSync(new URL(`../fixtures/conformance/${name}.json`, import.meta.url), "utf8"));
      return `export default ${JSON.stringify(RUNTIME_VECTORS.map(read))};`;
    },
  };
}

export default {
  input: "tests/runtimes/suite.ts",
  plugins: [embedVectors(), typescript()],
  output: { file: "test-output/runtime-suite.mjs", format: "es" },
};
