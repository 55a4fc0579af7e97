// The published types as a consumer sees them: the files of tests/types/ are compiled
// against the package installed from its tarball (test-output/pack/consumer, made by
// scripts/check-package.mjs) with TypeScript 5.0, 5.4, 5.9 and 6.0, each with the DOM
// lib, with only @types/node, and with neither (skipLibCheck off, so the .d.ts files
// are checked too). tests/types/pass/ must compile; each file of tests/types/fail/ must
// fail, with only the error codes its "// expect-error:" line names. The older compilers
// are a package of their own (tests/types/compilers: aliased typescript packages in the
// root would race for node_modules/.bin/tsc); `npm run setup:types` installs them.
// Closes with "types: N passed, N failed".
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const consumer = path.join(root, "test-output/pack/consumer");
const work = path.join(consumer, "types");
const compilers = [
  ["5.0", path.join(root, "tests/types/compilers/node_modules/typescript-5.0")],
  ["5.4", path.join(root, "tests/types/compilers/node_modules/typescript-5.4")],
  ["5.9", path.join(root, "tests/types/compilers/node_modules/typescript-5.9")],
  ["6.0", path.join(root, "node_modules/typescript")],
];
const libs = [
  ["DOM lib", { lib: ["ES2022", "DOM"], types: [] }],
  ["@types/node, no DOM", { lib: ["ES2022"], types: ["node"] }],
  ["no DOM, no @types/node", { lib: ["ES2022"], types: [] }],
];

let passed = 0;
let failed = 0;
const report = (ok, name, detail = "") => {
  console.log(`${ok ? "ok" : "not ok"} - ${name}${detail ? `\n${detail}` : ""}`);
  ok ? passed++ : failed++;
};

if (!existsSync(path.join(consumer, "node_modules/occlusion-wasm"))) {
  report(false, "the installed package is missing: run scripts/check-package.mjs first");
} else {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(path.join(root, "tests/types/pass"), path.join(work, "pass"), { recursive: true });
  cpSync(path.join(root, "tests/types/fail"), path.join(work, "fail"), { recursive: true });
  const nodeTypes = path.join(consumer, "node_modules/@types/node");
  if (!existsSync(nodeTypes)) {
    mkdirSync(path.dirname(nodeTypes), { recursive: true });
    symlinkSync(path.join(root, "node_modules/@types/node"), nodeTypes, "dir");
  }
  const failFiles = readdirSync(path.join(work, "fail")).map((name) => `fail/${name}`);
  const expected = new Map(failFiles.map((file) => {
    const line = readFileSync(path.join(work, file), "utf8").match(/^\/\/ expect-error: (.+)$/m)?.[1] ?? "";
    return [file, line.split(/\s+/).filter(Boolean)];
  }));
  for (const [version, compiler] of compilers) {
    if (!existsSync(compiler)) {
      const missing = `TypeScript ${version} is not installed (npm run setup:types)`;
      if (process.env.CI === "true") report(false, missing);
      else console.log(`# skipped: ${missing}`);
      continue;
    }
    for (const [libName, libOptions] of libs) {
      const passFiles = ["pass/usage.ts", ...(libOptions.lib.includes("DOM") ? ["pass/dom.ts"] : [])];
      const config = `tsconfig.${version}.${libs.findIndex(([name]) => name === libName)}.json`;
      writeFileSync(path.join(work, config), JSON.stringify({
        compilerOptions: {
          target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, noEmit: true,
          skipLibCheck: false, exactOptionalPropertyTypes: true, ...libOptions,
        },
        files: [...passFiles, ...failFiles],
      }));
      const run = spawnSync(process.execPath, [path.join(compiler, "bin/tsc"), "-p", config, "--pretty", "false"], { cwd: work, encoding: "utf8" });
      const errors = [...run.stdout.matchAll(/^(.+?)\(\d+,\d+\): error (TS\d+): .*$/gm)].map(([line, file, code]) => ({ line, file, code }));
      const name = `TypeScript ${version}, ${libName}`;
      const unexpected = errors.filter(({ file, code }) => !(expected.get(file) ?? []).includes(code));
      const silent = failFiles.filter((file) => !errors.some((error) => error.file === file));
      const crashed = run.status !== 0 && errors.length === 0 ? run.stdout + run.stderr : "";
      report(unexpected.length === 0 && !crashed, `${name}: tests/types/pass compiles, and fail/ only with the expected errors`,
        [...unexpected.map(({ line }) => `  ${line}`), crashed].filter(Boolean).join("\n"));
      report(silent.length === 0, `${name}: every file of tests/types/fail is a compile error`,
        silent.map((file) => `  ${file} compiled`).join("\n"));
    }
  }
}
console.log(`types: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
