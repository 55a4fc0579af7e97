// The occlusion-wasm command run from source as a child process (src/cli/main.ts through
// tsx), as the CLI tests use it; `hide` makes optional peers look uninstalled.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as assert from "uvu/assert";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HIDE = fileURLToPath(new URL("./hide-packages.mjs", import.meta.url));

export interface CliResult { code: number; stdout: string; stderr: string }

export function runCli(args: string[], hide: string[] = []): Promise<CliResult> {
  const imports = hide.length ? ["--import", HIDE] : [];
  const env = { ...process.env, HIDE_PACKAGES: hide.join(",") };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", ...imports, "src/cli/main.ts", ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The command failed with `code` and said so in one `occlusion-wasm: …` line matching `pattern`. */
export function assertOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  assert.is(result.code, code, `exit status (stderr: ${result.stderr})`);
  const lines = result.stderr.trimEnd().split("\n");
  assert.is(lines.length, 1, `one line on stderr, got: ${result.stderr}`);
  assert.match(lines[0], /^occlusion-wasm: /);
  assert.match(lines[0], pattern);
}
