// Copies the Captum conformance vectors (both sets: vectors/ and vectors2/, with their
// READMEs) into tests/fixtures/conformance, so the tests of a fresh clone have them.
// Usage: node scripts/sync-conformance.mjs <conformance dir>
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const source = process.argv[2];
if (!source) {
  console.error("usage: node scripts/sync-conformance.mjs <dir with README.md, vectors/ and optionally README2.md, vectors2/>");
  process.exit(2);
}
const target = new URL("../tests/fixtures/conformance/", import.meta.url).pathname;
let copied = 0;
for (const [readme, folder] of [["README.md", "vectors"], ["README2.md", "vectors2"]]) {
  if (!existsSync(join(source, folder))) continue;
  copyFileSync(join(source, readme), join(target, readme));
  for (const file of readdirSync(join(source, folder)).filter((name) => name.endsWith(".json"))) {
    if (folder === "vectors2" && existsSync(join(source, "vectors", file))) throw new Error(`${file} is in both sets`);
    copyFileSync(join(source, folder, file), join(target, file));
    copied++;
  }
}
console.log(`copied ${copied} vectors into ${target}`);
