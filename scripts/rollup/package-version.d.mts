import type { Plugin } from "rollup";
export function packageVersion(): Plugin;
