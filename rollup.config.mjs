// npm run build: src/ -> dist/. Two entry points, four shapes:
//   index.mjs / index.cjs           the core (kernel inlined; works in every runtime as is)
//   visualize.mjs / visualize.cjs   occlusion-wasm/visualize: the pictures, apart so the core stays small
//   chunks/                          code both entries share (one OcclusionError class for both)
//   index.global.js                  classic <script> / importScripts(): global `occlusionWasm`, everything
//   workerd.mjs                      core ESM that imports ./kernel.*.wasm as modules (workerd, wrangler)
//   *.d.ts / *.d.cts                 bundled types; kernel.simd.wasm / kernel.scalar.wasm files
import { copyFileSync } from "node:fs";
import { dts } from "rollup-plugin-dts";
import { typescript } from "./scripts/rollup/typescript.mjs";
import { wasmFiles, workerdKernel } from "./scripts/rollup/kernel-files.mjs";

const entries = { index: "src/index.ts", visualize: "src/visualize.ts" };

// CommonJS consumers need their own declaration files (a .d.ts is ESM in a "type": "module" package).
const copyCtsTypes = {
  name: "copy-cts-types",
  writeBundle(_options, bundle) {
    for (const name of Object.keys(bundle).filter((file) => file.endsWith(".d.ts"))) {
      copyFileSync(`dist/${name}`, `dist/${name.replace(/\.d\.ts$/, ".d.cts")}`);
    }
  },
};

// Stable chunk names (no hash): tests/runtimes/workerd/config.capnp lists dist/chunks/errors.mjs.
const split = (extension) => ({ dir: "dist", entryFileNames: `[name].${extension}`, chunkFileNames: `chunks/[name].${extension}` });

export default [
  {
    input: entries,
    plugins: [typescript(), wasmFiles()],
    output: [{ ...split("mjs"), format: "es" }, { ...split("cjs"), format: "cjs" }],
  },
  {
    input: "src/global.ts",
    plugins: [typescript()],
    output: { file: "dist/index.global.js", format: "iife", name: "occlusionWasm" },
  },
  {
    input: "src/index.ts",
    plugins: [workerdKernel(), typescript()],
    output: { file: "dist/workerd.mjs", format: "es" },
  },
  {
    input: entries,
    plugins: [dts(), copyCtsTypes],
    output: { dir: "dist", format: "es", entryFileNames: "[name].d.ts", chunkFileNames: "chunks/[name].d.ts" },
  },
];
