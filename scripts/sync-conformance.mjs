// Copies the Captum conformance vectors (and their README) into tests/fixtures/conformance,
// so the tests of a fresh clone have them. Usage: node scripts/sync-conformance.mjs <conformance dir>
import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const source = process.argv[2];
if (!source) {
  console.error("usage: node scripts/sync-conformance.mjs <dir with README.md and vectors/>");
  process.exit(2);
}
const target = new URL("../tests/fixtures/conformance/", import.meta.url).pathname;
copyFileSync(join(source, "README.md"), join(target, "README.md"));
const vectors = readdirSync(join(source, "vectors")).filter((file) => file.endsWith(".json"));
for (const file of vectors) copyFileSync(join(source, "vectors", file), join(target, file));
console.log(`copied ${vectors.length} vectors into ${target}`);
