// Minimal static file server on 127.0.0.1 for the Chromium pages (node:http, no dependency).
// .wasm must go out as application/wasm, or WebAssembly.compileStreaming rejects it.
import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", // required by WebAssembly.compileStreaming / instantiateStreaming
  ".json": "application/json",
  ".css": "text/css; charset=utf-8", // the browser demo's stylesheet is refused as octet-stream
  ".png": "image/png",
  ".onnx": "application/octet-stream",
};

/**
 * Serves `root`; `mounts` maps URL prefixes ("/lib/") to folders first, and a path ending in
 * "/" serves its index.html. `headers` go on every response (the app's COOP/COEP).
 */
export function startStaticServer(root, { port = 0, mounts = {}, headers = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let pathname = decodeURIComponent(url.pathname);
      if (pathname.endsWith("/")) pathname += "index.html";
      const prefix = Object.keys(mounts).find((p) => pathname.startsWith(p));
      const base = prefix ? mounts[prefix] : root;
      const file = path.join(base, prefix ? pathname.slice(prefix.length) : pathname);
      if (!file.startsWith(base + path.sep)) throw Object.assign(new Error("outside root"), { code: "ENOENT" });
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === "ENOENT" || e.code === "EISDIR" ? 404 : 500).end(String(e.message));
    }
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    }),
  );
}
