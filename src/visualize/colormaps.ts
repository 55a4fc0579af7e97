/**
 * Colour maps as 256-entry RGBA byte tables, built the way matplotlib builds
 * `LinearSegmentedColormap.from_list(name, colors, N=256)` and read the way
 * `Colormap.__call__(x, bytes=True)` reads them, so a value gets the same
 * bytes matplotlib's colormap gives it.
 *
 * Control colours: "Greens", "Reds", "Blues" are the nine ColorBrewer colours
 * (Cynthia Brewer, colorbrewer2.org) that matplotlib's `_cm.py` lists as
 * byte / 255; "RdWhGn" is Captum's `from_list("RdWhGn", ["red", "white",
 * "green"])` (CSS green is #008000); "gray" is matplotlib's black-to-white.
 */
import { OcclusionError } from "../index.ts";

/** The built-in colour maps, as matplotlib names them (`RdWhGn`: red – white – green). */
export type ColorMapName = "RdWhGn" | "Greens" | "Reds" | "Blues" | "gray";

/**
 * A custom colour map: position in [0, 1] → `[r, g, b]` or `[r, g, b, a]`,
 * each in [0, 1] (matplotlib's convention). Sampled 256 times, at i / 255.
 */
export type ColorFunction = (position: number) => ArrayLike<number>;

/** 256 entries × RGBA bytes. */
export type ColorTable = Uint8Array;

const TABLE_SIZE = 256;

// Equally spaced control colours, RGB bytes.
const CONTROL_BYTES: Record<ColorMapName, readonly number[]> = {
  Greens: [
    247, 252, 245, 229, 245, 224, 199, 233, 192, 161, 217, 155, 116, 196, 118,
    65, 171, 93, 35, 139, 69, 0, 109, 44, 0, 68, 27,
  ],
  Reds: [
    255, 245, 240, 254, 224, 210, 252, 187, 161, 252, 146, 114, 251, 106, 74,
    239, 59, 44, 203, 24, 29, 165, 15, 21, 103, 0, 13,
  ],
  Blues: [
    247, 251, 255, 222, 235, 247, 198, 219, 239, 158, 202, 225, 107, 174, 214,
    66, 146, 198, 33, 113, 181, 8, 81, 156, 8, 48, 107,
  ],
  RdWhGn: [255, 0, 0, 255, 255, 255, 0, 128, 0],
  gray: [0, 0, 0, 255, 255, 255],
};

// Two of matplotlib's Reds literals (21/255, 13/255) are one ulp away from
// byte / 255; using its exact doubles keeps every table byte identical.
const REDS_LITERALS: Record<number, number> = {
  23: 0.08235294117647058,
  26: 0.05098039215686274,
};

const cache = new Map<ColorMapName, ColorTable>();

/** Names accepted by `colorTable`. */
export const COLOR_MAP_NAMES: readonly ColorMapName[] = Object.keys(
  CONTROL_BYTES,
) as ColorMapName[];

/** The byte table of a named or custom map; named tables are built once. */
export function colorTable(map: ColorMapName | ColorFunction): ColorTable {
  if (typeof map === "function") return sampleFunction(map);
  if (!Object.hasOwn(CONTROL_BYTES, map)) {
    throw new OcclusionError(
      "VIS_COLOR_MAP",
      `colorMap: expected one of ${COLOR_MAP_NAMES.join(", ")} or a function, received ${JSON.stringify(map)}`,
    );
  }
  let table = cache.get(map);
  if (table === undefined) {
    table = buildTable(controlValues(map));
    cache.set(map, table);
  }
  return table;
}

/**
 * Table entry for a position, as matplotlib's `Colormap.__call__`: position × 256
 * truncated, 1.0 kept in the last entry, out-of-range clamped to the end
 * colours (its default under/over). Returns -1 for NaN (transparent "bad").
 */
export function tableIndex(position: number): number {
  if (Number.isNaN(position)) return -1;
  const scaled = Math.fround(position * TABLE_SIZE);
  if (scaled < 0) return 0;
  if (scaled >= TABLE_SIZE) return TABLE_SIZE - 1;
  return Math.trunc(scaled);
}

function controlValues(name: ColorMapName): number[] {
  const values = CONTROL_BYTES[name].map((byte) => byte / 255);
  if (name === "Reds") {
    for (const [index, literal] of Object.entries(REDS_LITERALS)) {
      values[Number(index)] = literal;
    }
  }
  return values;
}

// matplotlib's `_create_lookup_table` for equally spaced control points,
// then `(lut * 255).astype(uint8)`, which truncates.
function buildTable(rgb: readonly number[]): ColorTable {
  const count = rgb.length / 3;
  const table = new Uint8Array(TABLE_SIZE * 4);
  for (let i = 0; i < TABLE_SIZE; i++) {
    for (let c = 0; c < 3; c++) {
      const value = interpolate(rgb, count, c, i);
      table[i * 4 + c] = Math.trunc(clamp01(value) * 255);
    }
    table[i * 4 + 3] = 255;
  }
  return table;
}

function interpolate(rgb: readonly number[], count: number, channel: number, i: number): number {
  if (i === 0) return rgb[channel]!;
  if (i === TABLE_SIZE - 1) return rgb[(count - 1) * 3 + channel]!;
  // matplotlib works in table units: positions and control points times N - 1.
  const last = TABLE_SIZE - 1;
  const x = last * (i * (1 / last)); // (N - 1) * numpy.linspace(0, 1, N)
  const controlX = (k: number) => last * (k === count - 1 ? 1 : k * (1 / (count - 1)));
  // First control point at or right of x (numpy.searchsorted, side="left").
  let upper = 1;
  while (upper < count - 1 && controlX(upper) < x) upper++;
  const distance = (x - controlX(upper - 1)) / (controlX(upper) - controlX(upper - 1));
  const lowerY = rgb[(upper - 1) * 3 + channel]!;
  const upperY = rgb[upper * 3 + channel]!;
  return distance * (upperY - lowerY) + lowerY;
}

function sampleFunction(map: ColorFunction): ColorTable {
  const table = new Uint8Array(TABLE_SIZE * 4);
  for (let i = 0; i < TABLE_SIZE; i++) {
    const position = i === TABLE_SIZE - 1 ? 1 : i * (1 / (TABLE_SIZE - 1));
    const color = map(position);
    for (let c = 0; c < 4; c++) {
      const value = c < color.length ? Number(color[c]) : 1;
      table[i * 4 + c] = Math.trunc(clamp01(value) * 255);
    }
  }
  return table;
}

// NaN becomes 0: a custom map that returns garbage draws black, not noise.
function clamp01(value: number): number {
  return value > 1 ? 1 : value > 0 ? value : 0;
}
