// npm run build: src/ -> dist/.
//   index.mjs / index.cjs        the core, kernel inlined (works in every runtime as is)
//   index.global.js              classic <script> / importScripts(): global `occlusionWasm`, pictures included
//   workerd.mjs                  the core importing ./kernel.*.wasm as modules (workerd, wrangler)
//   visualize.*, adapters.*,     occlusion-wasm/visualize (pictures), occlusion-wasm/adapters
//   image.*, pool.*, text.*      (onnxruntime / TF.js forwards), occlusion-wasm/image (pictures to
//                                tensors), occlusion-wasm/pool (model sessions in workers;
//                                onnx-session-worker.mjs beside it), occlusion-wasm/text (word
//                                masks): secondary entries that import the
//                                core's build, so the core entry stays within its size budget
//   queue.*                      occlusion-wasm/queue (BullMQ shard jobs; bullmq is an optional peer)
//   cli.mjs                      the occlusion-wasm command (package bin)
//   *.d.ts / *.d.cts             bundled types; kernel.simd.wasm / kernel.scalar.wasm files
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dts } from "rollup-plugin-dts";
import { typescript } from "./scripts/rollup/typescript.mjs";
import { wasmFiles, workerdKernel } from "./scripts/rollup/kernel-files.mjs";
import { ADAPTERS, IMAGE, LIBRARY, VISUALIZE, libraryExternal } from "./scripts/rollup/library-external.mjs";
import { packageVersion } from "./scripts/rollup/package-version.mjs";

const input = "src/index.ts";

// Members marked @internal (the engine's hooks) stay out of the published types: they
// would pull in the engine's own types, which name WebAssembly and need no consumer.
const STRIP_INTERNAL = { stripInternal: true };

// CommonJS consumers need their own declaration file (a .d.ts is ESM in a "type": "module" package).
// A secondary entry's types import the core's as ./index.js; its .d.cts copy imports ./index.cjs.
const copyCtsTypes = (name) => ({
  name: "copy-cts-types",
  writeBundle() {
    const types = readFileSync(`dist/${name}.d.ts`, "utf8");
    writeFileSync(`dist/${name}.d.cts`, types.replace(/from '\.\/(index|visualize)\.js'/g, "from './$1.cjs'"));
  },
});

// An output that imports the core build `core` (index.mjs, index.cjs or workerd.mjs) instead of bundling it.
const importing = (file, format, core) => ({
  file,
  format,
  paths: {
    [LIBRARY]: core,
    [VISUALIZE]: core.replace(/index|workerd/, "visualize"),
    [IMAGE]: core.replace(/index|workerd/, "image"),
    [ADAPTERS]: core.replace(/index|workerd/, "adapters"),
  },
});

// A secondary entry: ESM, CommonJS and workerd flavours, and its types.
const secondary = (name, extraPlugins = []) => [
  {
    input: `src/${name}/index.ts`,
    plugins: [libraryExternal(), typescript(), ...extraPlugins],
    output: [
      importing(`dist/${name}.mjs`, "es", "./index.mjs"),
      importing(`dist/${name}.cjs`, "cjs", "./index.cjs"),
      importing(`dist/${name}.workerd.mjs`, "es", "./workerd.mjs"),
    ],
  },
  {
    input: `src/${name}/index.ts`,
    plugins: [libraryExternal(), dts({ compilerOptions: STRIP_INTERNAL }), copyCtsTypes(name)],
    output: { file: `dist/${name}.d.ts`, format: "es", paths: { [LIBRARY]: "./index.js", [VISUALIZE]: "./visualize.js" } },
  },
];

export default [
  {
    input,
    plugins: [typescript(), wasmFiles()],
    output: [
      { file: "dist/index.mjs", format: "es" },
      { file: "dist/index.cjs", format: "cjs" },
    ],
  },
  {
    input: "src/global.ts",
    plugins: [typescript()],
    output: { file: "dist/index.global.js", format: "iife", name: "occlusionWasm" },
  },
  {
    input,
    plugins: [workerdKernel(), typescript()],
    output: { file: "dist/workerd.mjs", format: "es" },
  },
  {
    input,
    plugins: [dts({ compilerOptions: STRIP_INTERNAL }), copyCtsTypes("index")],
    output: { file: "dist/index.d.ts", format: "es" },
  },
  ...secondary("visualize"),
  ...secondary("adapters"),
  ...secondary("image"),
  // occlusion-wasm/queue: Node-style processes with Redis (no workerd flavour); bullmq is an optional peer dependency.
  {
    input: "src/queue/index.ts",
    plugins: [libraryExternal(), typescript()],
    external: ["bullmq"],
    output: [importing("dist/queue.mjs", "es", "./index.mjs"), importing("dist/queue.cjs", "cjs", "./index.cjs")],
  },
  {
    input: "src/queue/index.ts",
    plugins: [libraryExternal(), dts(), copyCtsTypes("queue")],
    external: ["bullmq"],
    output: { file: "dist/queue.d.ts", format: "es" },
  },
  // The pool's onnxruntime worker module is plain JS, loaded by URL beside pool.mjs.
  ...secondary("pool", [{ name: "copy-pool-worker", writeBundle: () => copyFileSync("src/pool/onnx-session-worker.mjs", "dist/onnx-session-worker.mjs") }]),
  ...secondary("text"),
  {
    input: "src/cli/main.ts",
    plugins: [libraryExternal(), typescript(), packageVersion()],
    // The CLI's own needs are optional peer dependencies, loaded at run time.
    external: (id) => id.startsWith("node:") || ["onnxruntime-web", "pngjs", "jpeg-js"].includes(id),
    output: { ...importing("dist/cli.mjs", "es", "./index.mjs"), banner: "#!/usr/bin/env node" },
  },
];
