// The CLI's preprocessing flags (--resize, --mean, --std, --scale, --layout, --background)
// and how they meet the model: flags win over the model's metadata (occlusion-wasm/image's
// metadataDefaults), which wins over the input's shape; the image helper does the work.
import { NORMALIZATIONS, type Fit, type ImageToTensorOptions, type NormalizationName } from "../image/index.ts";
import { CliError } from "./options.ts";
import type { InputSpec, Layout } from "./model.ts";

export const PREPROCESS_FLAGS = {
  resize: { type: "string" }, mean: { type: "string" }, std: { type: "string" },
  scale: { type: "string" }, layout: { type: "string" }, background: { type: "string" },
} as const;

export const PREPROCESS_HELP = `Preprocessing (defaults from the model's input shape and metadata):
  --resize <fit>       crop (default: centre crop to the model's aspect, then resize) |
                       pad | stretch | none (the image must have the model's size)
  --scale <s>          value range: 0-1 (default, bytes / 255) | 0-255 | -1-1 | imagenet
                       (a name brings its own mean and std) | a factor bytes are
                       multiplied by (e.g. 0.00392)
  --mean <m>           per-channel mean subtracted after scaling: one number, r,g,b, or imagenet
  --std <s>            per-channel std divided by: one number, r,g,b, or imagenet
  --layout <l>         nchw | nhwc | nhw, for models whose input shape does not say
  --background <c>     colour under transparent pixels and in padding: black (default),
                       white or #rrggbb
  The CLI warns on stderr for every change it made to the image.`;

export interface PreprocessFlags {
  resize?: Fit;
  scale?: NormalizationName | number;
  mean?: number[] | "imagenet";
  std?: number[] | "imagenet";
  layout?: Layout;
  background?: string;
}

export function parsePreprocess(text: (name: string) => string | undefined): PreprocessFlags {
  const flags: PreprocessFlags = {};
  const resize = text("resize"), scale = text("scale"), layout = text("layout");
  if (resize !== undefined) flags.resize = oneOf(resize, ["crop", "pad", "stretch", "none"] as const, "--resize");
  if (layout !== undefined) flags.layout = oneOf(layout.toLowerCase(), ["nchw", "nhwc", "nhw"] as const, "--layout");
  if (scale !== undefined) flags.scale = parseScale(scale);
  for (const name of ["mean", "std"] as const) {
    const value = text(name);
    if (value !== undefined) flags[name] = value === "imagenet" ? "imagenet" : numbers(value, `--${name}`);
  }
  const background = text("background");
  if (background !== undefined) {
    if (!/^(black|white|#?[0-9a-f]{6})$/i.test(background)) throw usage(`--background must be black, white or #rrggbb, got ${JSON.stringify(background)}`);
    flags.background = background;
  }
  return flags;
}

/** The image helper's options for this model: flags, then metadata, then the input's shape. */
export function imageOptions(flags: PreprocessFlags, spec: InputSpec, metadata: ImageToTensorOptions, picture: { width: number; height: number; grey: boolean }): ImageToTensorOptions {
  const layout = flags.layout ?? metadata.layout ?? spec.layout;
  const channels = layout === "nhw" ? 1 : spec.channels ?? metadata.channels ?? (picture.grey ? 1 : 3);
  const options: ImageToTensorOptions = {
    ...metadata,
    layout,
    channels,
    width: spec.width ?? picture.width,
    height: spec.height ?? picture.height,
    fit: flags.resize ?? metadata.fit ?? "crop",
  };
  if (flags.background) options.background = flags.background;
  if (typeof flags.scale === "string") Object.assign(options, { normalization: flags.scale, scale: undefined, mean: undefined, std: undefined });
  else if (flags.scale !== undefined) options.scale = flags.scale;
  if (flags.mean) options.mean = flags.mean === "imagenet" ? NORMALIZATIONS.imagenet.mean : flags.mean;
  if (flags.std) options.std = flags.std === "imagenet" ? NORMALIZATIONS.imagenet.std : flags.std;
  return options;
}

function parseScale(value: string): NormalizationName | number {
  if (value in NORMALIZATIONS) return value as NormalizationName;
  const factor = Number(value);
  if (value.trim() === "" || !Number.isFinite(factor) || factor === 0) throw usage(`--scale must be 0-1, 0-255, -1-1, imagenet or a non-zero factor, got ${JSON.stringify(value)}`);
  if (Number.isInteger(factor) && factor > 1) {
    throw usage(`--scale ${value} would multiply every byte by ${value}; --scale sets the value range (0-1, 0-255, -1-1 or a factor such as 0.00392); the picture is enlarged with --zoom`);
  }
  return factor;
}

function numbers(value: string, flag: string): number[] {
  const list = value.split(",").map((part) => Number(part));
  if (list.some((v, i) => !Number.isFinite(v) || value.split(",")[i].trim() === "")) throw usage(`${flag} must be a number, r,g,b numbers or imagenet, got ${JSON.stringify(value)}`);
  return list;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(value as T)) throw usage(`${flag} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  return value as T;
}

function usage(message: string): CliError {
  return new CliError(`${message} (see --help)`, 2);
}
