// Types for static-server.mjs (plain JS scripts; TypeScript tests import them).
export function startStaticServer(root: string, options?: { port?: number }): Promise<{ origin: string; close(): Promise<void> }>;
