// The package's version for --version: read from package.json here, and inlined into
// dist/cli.mjs by the build (scripts/rollup/package-version.mjs keeps only name and version).
import packageJson from "../../package.json" with { type: "json" };

export const VERSION: string = packageJson.version;
