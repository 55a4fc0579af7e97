// The CLI's optional peer dependencies (onnxruntime-web, pngjs, jpeg-js), loaded together
// before any work starts: when several are missing, one message names them all with the
// one npm command that installs them, instead of failing on each in turn.
import type * as Ort from "onnxruntime-web";
import { CliError } from "./options.ts";

export type PngModule = typeof import("pngjs").PNG;
export type JpegModule = typeof import("jpeg-js");

export interface Peers {
  ort?: typeof Ort;
  png?: PngModule;
  jpeg?: JpegModule;
}

export type PeerName = "onnxruntime-web" | "pngjs" | "jpeg-js";

// Literal import() calls, so bundlers and Node see each specifier.
const LOADERS: Record<PeerName, (peers: Peers) => Promise<void>> = {
  "onnxruntime-web": async (peers) => void (peers.ort = await import("onnxruntime-web")),
  pngjs: async (peers) => void (peers.png = (await import("pngjs")).PNG),
  "jpeg-js": async (peers) => {
    const module = await import("jpeg-js");
    peers.jpeg = ((module as { default?: JpegModule }).default ?? module) as JpegModule;
  },
};

/** Loads the named peers; throws one CliError naming every missing one. */
export async function loadPeers(names: readonly PeerName[]): Promise<Peers> {
  const peers: Peers = {};
  const missing: PeerName[] = [];
  const wanted = [...new Set(names)];
  const results = await Promise.allSettled(wanted.map((name) => LOADERS[name](peers)));
  results.forEach((result, i) => {
    if (result.status === "fulfilled") return;
    if (!isNotFound(result.reason)) throw result.reason;
    missing.push(wanted[i]);
  });
  if (missing.length > 0) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
    throw new CliError(`the CLI needs ${list}, not installed here: npm install ${missing.join(" ")}`);
  }
  return peers;
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
