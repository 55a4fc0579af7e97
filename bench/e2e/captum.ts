// Runs Captum's Occlusion (captum_occlusion.py) on the same weights and image, when a
// Python with torch and an importable captum is there; undefined otherwise.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RUNNER = fileURLToPath(new URL("./captum_occlusion.py", import.meta.url));

export interface CaptumResult {
  torch: string;
  captum: string;
  threads: number;
  runs: { ppe: number; seconds: number; target: number }[];
  /** Attributions of the last run. */
  attributions?: Float32Array;
}

export function runCaptum(python: string | undefined, state: string, image: string, threads: number, stride: number, ppes: number[], attrOut: string): CaptumResult | undefined {
  if (!python) return undefined;
  const child = spawnSync(python, [RUNNER, state, image, String(threads), String(stride), ppes.join(","), attrOut], {
    encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, OMP_NUM_THREADS: String(threads) },
  });
  if (child.status === 3) return undefined; // no captum
  if (child.status !== 0) throw new Error(`captum_occlusion.py failed (${child.status})`);
  const result = JSON.parse(child.stdout.trim().split("\n").pop()!) as CaptumResult;
  if (existsSync(attrOut)) result.attributions = new Float32Array(readFileSync(attrOut).buffer.slice(0));
  return result;
}
