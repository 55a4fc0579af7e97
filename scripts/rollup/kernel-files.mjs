// Rollup plugins for the kernel's two shapes in dist/: `wasmFiles` copies both builds
// next to the bundles (for init({ wasm }) and bundlers that want a file), with their types
// (src/wasm/kernel-file.d.ts); `workerdKernel`
// makes a bundle import them as modules by swapping the inlined kernel source for
// src/wasm/source.workerd.ts and leaving `./kernel.*.wasm` imports as they are.
import { readFileSync } from "node:fs";

const KERNELS = ["kernel.simd.wasm", "kernel.scalar.wasm"];

export function wasmFiles() {
  return {
    name: "wasm-files",
    generateBundle() {
      for (const fileName of KERNELS) {
        this.emitFile({ type: "asset", fileName, source: readFileSync(new URL(`../../build/${fileName}`, import.meta.url)) });
      }
      // The types of the two .wasm subpaths (package.json exports), for ESM and CommonJS.
      const types = readFileSync(new URL("../../src/wasm/kernel-file.d.ts", import.meta.url), "utf8");
      for (const fileName of ["kernel.wasm.d.ts", "kernel.wasm.d.cts"]) this.emitFile({ type: "asset", fileName, source: types });
    },
  };
}

export function workerdKernel() {
  return {
    name: "workerd-kernel",
    resolveId(source, importer) {
      if (KERNELS.some((name) => source === `./${name}`)) return { id: source, external: true };
      if (source === "./source.ts" && importer) return new URL("source.workerd.ts", `file://${importer}`).pathname;
      return null;
    },
  };
}
