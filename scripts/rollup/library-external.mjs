// Rollup plugin for the secondary entries (visualize, adapters, image, queue, pool, text, CLI):
// their imports of src/index.ts (the CLI's of src/visualize/index.ts and src/image/index.ts, the
// pool's of src/adapters/index.ts) stay imports of the built entries
// (output.paths maps LIBRARY to ./index.mjs, VISUALIZE to ./visualize.mjs, etc.), so there
// is one OcclusionError class and one kernel, and the main entry's size is untouched.
export const LIBRARY = "occlusion-wasm:library";
export const VISUALIZE = "occlusion-wasm:visualize";
export const IMAGE = "occlusion-wasm:image";
export const ADAPTERS = "occlusion-wasm:adapters";

const SPECIFIERS = { "../index.ts": LIBRARY, "../visualize/index.ts": VISUALIZE, "../image/index.ts": IMAGE, "../adapters/index.ts": ADAPTERS };

export function libraryExternal() {
  return {
    name: "library-external",
    resolveId(source, importer) {
      const id = SPECIFIERS[source];
      const fromSource = importer && /\/src\/(cli|adapters|visualize|image|queue|pool|text)\/[^/]*\.ts$/.test(importer);
      return id && fromSource ? { id, external: true } : null;
    },
  };
}
