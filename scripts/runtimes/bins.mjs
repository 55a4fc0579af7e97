// Finds the runtime binaries: deno, bun and workerd come from npm packages (their
// platform packages hold the real binary; bun's postinstall, when it runs, moves it to
// bun/bin/bun.exe), Chromium from Debian's `chromium` package. Each returns null when
// the binary is missing, so the runner can skip (or, under CI=true, fail).
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const modules = (...parts) => path.join(ROOT, "node_modules", ...parts);

// The wrapper packages ship ~450-byte placeholder scripts where the binary would be.
const isBinary = (file) => existsSync(file) && statSync(file).size > 1_000_000;
const first = (candidates) => candidates.find(isBinary) ?? null;

export const deno = () => first([modules("@deno/linux-x64-glibc/deno"), modules("@deno/linux-x64/deno"), modules("deno/deno")]);
export const bun = () => first([
  modules("@oven/bun-linux-x64/bin/bun"),
  modules("@oven/bun-linux-x64-baseline/bin/bun"), // CPUs without AVX2
  modules("bun/bin/bun.exe"),
]);
export const workerd = () => first([modules("@cloudflare/workerd-linux-64/bin/workerd"), modules("workerd/bin/workerd")]);
// Debian's /usr/bin/chromium is a shell wrapper around /usr/lib/chromium/chromium.
export const chromium = () => ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((file) => existsSync(file)) ?? null;
