// `npm run app`: the browser app (app/) on http://127.0.0.1:8080/ (PORT to change it; 0
// lets the OS choose). Everything is served from this machine: the app, the built package
// (/lib/ = dist/), onnxruntime-web's wasm files (/ort/) and the built-in Fashion-MNIST model
// (/models/fashion-mnist/), and the text page's topic model (/models/text/). COOP/COEP make the page cross-origin isolated, so onnxruntime
// can use threads (SharedArrayBuffer). Also imported by the app's test (startAppServer).
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./runtimes/bins.mjs";
import { startStaticServer } from "./runtimes/static-server.mjs";

export const ISOLATION_HEADERS = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
};

export function startAppServer({ port = 0 } = {}) {
  if (!existsSync(path.join(ROOT, "dist/image.mjs"))) throw new Error("dist/ is missing or old: run `npm run build` first");
  return startStaticServer(path.join(ROOT, "app"), {
    port,
    headers: ISOLATION_HEADERS,
    mounts: {
      "/lib/": path.join(ROOT, "dist"),
      "/ort/": path.join(ROOT, "node_modules/onnxruntime-web/dist"),
      "/models/fashion-mnist/": path.join(ROOT, "examples/fashion-mnist"),
      "/models/text/": path.join(ROOT, "examples/text"),
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startAppServer({ port: Number(process.env.PORT ?? 8080) });
  console.log(`occlusion-wasm app: ${server.origin}/  (nothing leaves this machine; Ctrl+C stops)`);
}
