// node --import ./tests/support/hide-packages.mjs: makes the packages named in
// HIDE_PACKAGES (comma-separated) unresolvable, as if they were not installed, so the
// CLI's "missing optional peer" message is tested against Node's real resolution error.
import { register } from "node:module";

register(new URL("./hide-packages-hooks.mjs", import.meta.url), { data: (process.env.HIDE_PACKAGES ?? "").split(",") });
