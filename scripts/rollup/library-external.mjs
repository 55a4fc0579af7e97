// Rollup plugin for the secondary entries (adapters, CLI): their imports of src/index.ts
// stay imports of the built main entry (output.paths maps LIBRARY to ./index.mjs etc.),
// so there is one OcclusionError class and one kernel, and the main entry's size is untouched.
export const LIBRARY = "occlusion-wasm:library";

export function libraryExternal() {
  return {
    name: "library-external",
    resolveId(source, importer) {
      if (importer && /\/src\/[^/]*\.ts$/.test(importer) && source === "./index.ts") return { id: LIBRARY, external: true };
      if (importer && /\/src\/cli\/[^/]*\.ts$/.test(importer) && source === "../index.ts") return { id: LIBRARY, external: true };
      return null;
    },
  };
}
