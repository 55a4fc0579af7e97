import type { Plugin } from "rollup";
export function typescript(): Plugin;
