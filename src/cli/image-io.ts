// Reading and writing the CLI's pictures through pngjs and jpeg-js (peers.ts loads them,
// so --help works without them). Pixels are 8-bit; an image whose every pixel has
// r = g = b counts as grayscale (1 channel), any other as RGB (3 channels).
import { readFile, writeFile } from "node:fs/promises";
import { CliError } from "./options.ts";
import type { JpegModule, PeerName, Peers, PngModule } from "./peers.ts";

/** A decoded image: row-major, channels last (HWC), values 0..255. */
export interface Picture {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The image file's bytes and the peer that decodes them (by content, not by name). */
export async function readImageFile(file: string): Promise<{ bytes: Uint8Array; decoder: PeerName }> {
  const bytes = await readInput(file, "image");
  if (isPng(bytes)) return { bytes, decoder: "pngjs" };
  if (isJpeg(bytes)) return { bytes, decoder: "jpeg-js" };
  throw new CliError(`${file} is not a PNG or JPEG image`);
}

export function decodePicture(bytes: Uint8Array, file: string, peers: Peers): Picture {
  return fromRgba(isPng(bytes) ? decodePng(bytes, file, peers.png!) : decodeJpeg(bytes, file, peers.jpeg!));
}

/** The peer that writes a picture of this name. */
export const encoderFor = (file: string): PeerName => (isJpegName(file) ? "jpeg-js" : "pngjs");

/** Writes RGBA pixels as PNG, or JPEG (quality 95, alpha dropped) for .jpg/.jpeg names. */
export async function writePicture(file: string, image: Rgba, peers: Peers): Promise<void> {
  const bytes = isJpegName(file) ? peers.jpeg!.encode(image, 95).data : peers.png!.sync.write(image as never);
  await writeFile(file, bytes);
}

const isJpegName = (file: string) => /\.jpe?g$/i.test(file);

/** Two pictures next to each other, tops aligned; below the shorter one (no legend) is white. */
export function besideEachOther(left: Rgba, right: Rgba): Rgba {
  const width = left.width + right.width;
  const height = Math.max(left.height, right.height);
  const data = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < height; y++) {
    if (y < left.height) data.set(left.data.subarray(y * left.width * 4, (y + 1) * left.width * 4), y * width * 4);
    if (y < right.height) data.set(right.data.subarray(y * right.width * 4, (y + 1) * right.width * 4), (y * width + left.width) * 4);
  }
  return { width, height, data };
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

function decodePng(bytes: Uint8Array, file: string, png: PngModule): Rgba {
  try {
    const { width, height, data } = png.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width, height, data };
  } catch (error) {
    throw new CliError(`cannot decode PNG ${file}: ${(error as Error).message}`);
  }
}

function decodeJpeg(bytes: Uint8Array, file: string, jpeg: JpegModule): Rgba {
  try {
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  } catch (error) {
    throw new CliError(`cannot decode JPEG ${file}: ${(error as Error).message}`);
  }
}

function fromRgba({ width, height, data }: Rgba): Picture {
  const count = width * height;
  let gray = true;
  for (let i = 0; i < count && gray; i++) gray = data[4 * i] === data[4 * i + 1] && data[4 * i + 1] === data[4 * i + 2];
  const channels = gray ? 1 : 3;
  const pixels = new Uint8Array(count * channels);
  for (let i = 0; i < count; i++) for (let c = 0; c < channels; c++) pixels[i * channels + c] = data[4 * i + c];
  return { width, height, channels, pixels };
}
