// Rollup plugin for the secondary entries (visualize, adapters, text, CLI): their imports of
// src/index.ts (and the CLI's of src/visualize/index.ts) stay imports of the built entries
// (output.paths maps LIBRARY to ./index.mjs, VISUALIZE to ./visualize.mjs, etc.), so there
// is one OcclusionError class and one kernel, and the main entry's size is untouched.
export const LIBRARY = "occlusion-wasm:library";
export const VISUALIZE = "occlusion-wasm:visualize";

const SPECIFIERS = { "../index.ts": LIBRARY, "../visualize/index.ts": VISUALIZE };

export function libraryExternal() {
  return {
    name: "library-external",
    resolveId(source, importer) {
      const id = SPECIFIERS[source];
      const fromSource = importer && /\/src\/(cli|adapters|visualize|text)\/[^/]*\.ts$/.test(importer);
      return id && fromSource ? { id, external: true } : null;
    },
  };
}
