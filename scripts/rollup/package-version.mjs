// Rollup plugin for the CLI: an import of package.json becomes a module holding only its
// name and version, so `occlusion-wasm --version` in dist/cli.mjs prints the published
// version without shipping (or reading at run time) the whole manifest.
export function packageVersion() {
  return {
    name: "package-version",
    transform(code, id) {
      if (!id.endsWith("/package.json")) return null;
      const { name, version } = JSON.parse(code);
      return { code: `export default ${JSON.stringify({ name, version })};`, map: null };
    },
  };
}
