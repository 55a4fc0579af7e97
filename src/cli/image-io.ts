// Reading and writing the CLI's pictures through pngjs and jpeg-js (loaded when first
// needed, so --help works without them). Pixels are 8-bit RGBA; an image whose every pixel
// has r = g = b counts as grayscale (for models whose input does not fix the channels).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { CliError } from "./options.ts";

/** A decoded image: straight RGBA bytes, and whether every pixel has r = g = b. */
export interface Picture {
  width: number;
  height: number;
  data: Uint8Array;
  grey: boolean;
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

export async function readPicture(file: string): Promise<Picture> {
  const bytes = await readInput(file, "image");
  const rgba = isPng(bytes) ? await decodePng(bytes, file) : isJpeg(bytes) ? await decodeJpeg(bytes, file) : null;
  if (!rgba) throw new CliError(`${file} is not a PNG or JPEG image`);
  return fromRgba(rgba);
}

/** Writes RGBA pixels as PNG, or JPEG (quality 95, alpha dropped) for .jpg/.jpeg names. */
export async function writePicture(file: string, image: Rgba): Promise<void> {
  const jpeg = /\.jpe?g$/i.test(file);
  const bytes = jpeg ? (await loadJpeg()).encode(image, 95).data : (await loadPng()).sync.write(image as never);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, bytes);
}

/** Nearest-neighbour enlargement by an integer factor, so small images stay crisp. */
export function enlarge(image: Rgba, factor: number): Rgba {
  if (factor === 1) return image;
  const width = image.width * factor;
  const height = image.height * factor;
  const data = new Uint8Array(width * height * 4);
  const source = image.data.byteOffset % 4 === 0 ? image.data : image.data.slice(); // Uint32Array views need alignment
  const words = new Uint32Array(source.buffer, source.byteOffset, image.width * image.height);
  const out = new Uint32Array(data.buffer);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / factor) * image.width;
    for (let x = 0; x < width; x++) out[y * width + x] = words[row + Math.floor(x / factor)];
  }
  return { width, height, data };
}

/** Two pictures of the same height next to each other. */
export function besideEachOther(left: Rgba, right: Rgba): Rgba {
  const width = left.width + right.width;
  const data = new Uint8Array(width * left.height * 4);
  for (let y = 0; y < left.height; y++) {
    data.set(left.data.subarray(y * left.width * 4, (y + 1) * left.width * 4), y * width * 4);
    data.set(right.data.subarray(y * right.width * 4, (y + 1) * right.width * 4), (y * width + left.width) * 4);
  }
  return { width, height: left.height, data };
}

/** Reads a file the user named, turning "no such file" into a one-line error. */
export async function readInput(file: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `${what} file not found: ${file}` : `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

const isPng = (bytes: Uint8Array) => bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8;

async function decodePng(bytes: Uint8Array, file: string): Promise<Rgba> {
  const png = await loadPng();
  try {
    const { width, height, data } = png.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width, height, data };
  } catch (error) {
    throw new CliError(`cannot decode PNG ${file}: ${(error as Error).message}`);
  }
}

async function decodeJpeg(bytes: Uint8Array, file: string): Promise<Rgba> {
  const jpeg = await loadJpeg();
  try {
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  } catch (error) {
    throw new CliError(`cannot decode JPEG ${file}: ${(error as Error).message}`);
  }
}

function fromRgba({ width, height, data }: Rgba): Picture {
  let grey = true;
  for (let i = 0; i < width * height && grey; i++) grey = data[4 * i] === data[4 * i + 1] && data[4 * i + 1] === data[4 * i + 2];
  return { width, height, data, grey };
}

// Optional peer dependencies: a one-line install hint when one is missing.
export async function optionalImport<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new CliError(`the CLI needs ${name}: npm install ${name}`);
  }
}

type PngModule = typeof import("pngjs").PNG;
type JpegModule = typeof import("jpeg-js");

const loadPng = async (): Promise<PngModule> => (await optionalImport("pngjs", () => import("pngjs"))).PNG;
const loadJpeg = async (): Promise<JpegModule> => {
  const module = await optionalImport("jpeg-js", () => import("jpeg-js"));
  return ((module as { default?: JpegModule }).default ?? module) as JpegModule;
};
