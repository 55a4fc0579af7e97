/**
 * A 3×5 pixel font for the legend's numbers (digits, sign, point, exponent), drawn
 * at an integer scale, so labels need no canvas or font file.
 */
import type { RgbaImage } from "./types.ts";

const GLYPHS: Record<string, string> = {
  "0": "111101101101111", "1": "010110010010111", "2": "111001111100111", "3": "111001111001111",
  "4": "101101111001001", "5": "111100111001111", "6": "111100111101111", "7": "111001001001001",
  "8": "111101111101111", "9": "111101111001111", "-": "000000111000000", "+": "000010111010000",
  ".": "000000000000010", e: "000111101110011", " ": "000000000000000",
};

/** Width in pixels of `text` at `scale` (3 pixels and a gap of 1 per character). */
export function textWidth(text: string, scale: number): number {
  return Math.max(0, text.length * 4 - 1) * scale;
}

export const TEXT_HEIGHT = 5;

/** Draws `text` with its top-left corner at (left, top), clipped to the image. */
export function drawText(image: RgbaImage, text: string, left: number, top: number, scale: number, rgb: readonly number[]): void {
  [...text].forEach((char, index) => {
    const glyph = GLYPHS[char] ?? GLYPHS[" "]!;
    for (let cell = 0; cell < 15; cell++) {
      if (glyph[cell] !== "1") continue;
      const x = left + (index * 4 + (cell % 3)) * scale;
      const y = top + Math.floor(cell / 3) * scale;
      fillRect(image, x, y, scale, scale, rgb);
    }
  });
}

export function fillRect(image: RgbaImage, left: number, top: number, width: number, height: number, rgb: readonly number[]): void {
  for (let y = Math.max(0, top); y < Math.min(image.height, top + height); y++) {
    for (let x = Math.max(0, left); x < Math.min(image.width, left + width); x++) {
      image.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], (y * image.width + x) * 4);
    }
  }
}
