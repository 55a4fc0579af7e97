// Rollup plugin: strips TypeScript types with esbuild (no type checking here: npm test
// runs tsc). Sources import each other with .ts extensions, which rollup resolves as files.
import { transform } from "esbuild";

export function typescript() {
  return {
    name: "typescript-strip",
    async transform(code, id) {
      if (!id.endsWith(".ts")) return null;
      const result = await transform(code, { loader: "ts", format: "esm", target: "es2022", sourcefile: id, sourcemap: true });
      return { code: result.code, map: result.map };
    },
  };
}
