// Value scaling and per-channel mean/std: value = (byte * scale - mean[c]) / std[c].
// Presets name the usual conventions; explicit scale/mean/std override a preset.
import { OcclusionError } from "../index.ts";

/** The value conventions that have presets: bytes / 255, bytes, [-1, 1], and ImageNet's mean and std. */
export type NormalizationName = "0-1" | "0-255" | "-1-1" | "imagenet";

/** value = (byte * scale - mean[c]) / std[c], per channel. */
export interface Normalization {
  scale: number;
  mean: number[];
  std: number[];
}

/** The presets' scale, mean and std. */
export const NORMALIZATIONS: Readonly<Record<NormalizationName, Readonly<Normalization>>> = {
  "0-1": { scale: 1 / 255, mean: [0], std: [1] },
  "0-255": { scale: 1, mean: [0], std: [1] },
  "-1-1": { scale: 1 / 255, mean: [0.5], std: [0.5] },
  imagenet: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
};

/** A preset by name, or its parts; explicit `scale`, `mean` and `std` override the preset's. */
export interface NormalizationOptions {
  normalization?: NormalizationName;
  scale?: number;
  mean?: number | number[];
  std?: number | number[];
}

/** The resolved scale and one mean and std per channel. */
export function resolveNormalization(options: NormalizationOptions, channels: number): Normalization {
  const name = options.normalization ?? "0-1";
  const preset = NORMALIZATIONS[name];
  if (!preset) throw bad(`normalization must be one of ${Object.keys(NORMALIZATIONS).join(", ")}, got ${JSON.stringify(name)}`);
  const scale = options.scale ?? preset.scale;
  if (!Number.isFinite(scale) || scale === 0) throw bad(`scale must be a finite non-zero number, got ${scale}`);
  const mean = perChannel(options.mean ?? preset.mean, channels, "mean", name);
  const std = perChannel(options.std ?? preset.std, channels, "std", name);
  if (std.some((s) => s === 0)) throw bad(`std must not be 0, got [${std.join(", ")}]`);
  return { scale, mean, std };
}

function perChannel(value: number | number[], channels: number, what: string, preset: string): number[] {
  const list = typeof value === "number" ? [value] : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw bad(`${what} must be a finite number or one per channel, got ${JSON.stringify(value)}`);
  }
  if (list.length === 1) return Array(channels).fill(list[0]);
  if (list.length === channels) return list.slice();
  if (channels === 1 && list.length === 3) {
    // A grey model with an RGB preset (imagenet): the luma-weighted average, as the pixel itself.
    return [0.299 * list[0] + 0.587 * list[1] + 0.114 * list[2]];
  }
  throw bad(`${what} has ${list.length} values for ${channels} channel(s) (${preset} preset or given); give 1 or ${channels}`);
}

function bad(message: string): OcclusionError {
  return new OcclusionError("IMAGE_OPTIONS", `image: ${message}`);
}
