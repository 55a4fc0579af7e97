// Types for bins.mjs (plain JS scripts; TypeScript tests import them).
export const ROOT: string;
export function chromium(): string | null;
export function deno(): string | null;
export function bun(): string | null;
export function workerd(): string | null;
