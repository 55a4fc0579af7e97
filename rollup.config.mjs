// npm run build: src/ -> dist/. One library, four shapes:
//   index.mjs / index.cjs   ESM and CommonJS, kernel inlined (works in every runtime as is)
//   index.global.js         classic <script> / importScripts(): global `occlusionWasm`
//   workerd.mjs             ESM that imports ./kernel.*.wasm as modules (workerd, wrangler)
//   index.d.ts / .d.cts     bundled types; kernel.simd.wasm / kernel.scalar.wasm files
//   adapters.*              occlusion-wasm/adapters (onnxruntime / TF.js forwards), importing the main entry
//   cli.mjs                 the occlusion-wasm command (package bin), importing index.mjs
import { copyFileSync } from "node:fs";
import { dts } from "rollup-plugin-dts";
import { typescript } from "./scripts/rollup/typescript.mjs";
import { wasmFiles, workerdKernel } from "./scripts/rollup/kernel-files.mjs";
import { LIBRARY, libraryExternal } from "./scripts/rollup/library-external.mjs";

const input = "src/index.ts";

// CommonJS consumers need their own declaration file (a .d.ts is ESM in a "type": "module" package).
const copyCtsTypes = (name) => ({
  name: "copy-cts-types",
  writeBundle() {
    copyFileSync(`dist/${name}.d.ts`, `dist/${name}.d.cts`);
  },
});

// A secondary entry's output that imports the main build `main` instead of bundling it.
const importing = (file, format, main) => ({ file, format, paths: { [LIBRARY]: main } });

export default [
  {
    input,
    plugins: [typescript(), wasmFiles()],
    output: [
      { file: "dist/index.mjs", format: "es" },
      { file: "dist/index.cjs", format: "cjs" },
      { file: "dist/index.global.js", format: "iife", name: "occlusionWasm" },
    ],
  },
  {
    input,
    plugins: [workerdKernel(), typescript()],
    output: { file: "dist/workerd.mjs", format: "es" },
  },
  {
    input,
    plugins: [dts(), copyCtsTypes("index")],
    output: { file: "dist/index.d.ts", format: "es" },
  },
  {
    input: "src/adapters.ts",
    plugins: [libraryExternal(), typescript()],
    output: [
      importing("dist/adapters.mjs", "es", "./index.mjs"),
      importing("dist/adapters.cjs", "cjs", "./index.cjs"),
      importing("dist/adapters.workerd.mjs", "es", "./workerd.mjs"),
    ],
  },
  {
    input: "src/cli/main.ts",
    plugins: [libraryExternal(), typescript()],
    // The CLI's own needs are optional peer dependencies, loaded at run time.
    external: (id) => id.startsWith("node:") || ["onnxruntime-web", "pngjs", "jpeg-js"].includes(id),
    output: { ...importing("dist/cli.mjs", "es", "./index.mjs"), banner: "#!/usr/bin/env node" },
  },
  {
    input: "src/adapters.ts",
    plugins: [libraryExternal(), dts(), copyCtsTypes("adapters")],
    output: { file: "dist/adapters.d.ts", format: "es" },
  },
];
