// `npm run serve:demo`: serves the repository on 127.0.0.1 (the page loads dist/, the
// model in examples/ and onnxruntime-web from node_modules/) and prints the demo's URL.
// PORT picks the port (default 8000; 0 lets the OS choose).
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./runtimes/bins.mjs";
import { startStaticServer } from "./runtimes/static-server.mjs";

if (!existsSync(path.join(ROOT, "dist/index.mjs"))) {
  console.error("dist/index.mjs is missing: run `npm run build` first");
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8000);
const server = await startStaticServer(ROOT, { port });
console.log(`browser demo: ${server.origin}/examples/browser/index.html  (Ctrl+C stops)`);
