// Colour tables against colours recorded from matplotlib itself, and the
// value -> table entry rule of matplotlib's Colormap.__call__.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { colorTable, tableIndex, type ColorMapName } from "../src/visualize/colormaps.ts";
import { OcclusionError } from "../src/errors.ts";
import { MATPLOTLIB_ENTRIES, MATPLOTLIB_RGBA } from "./visualize-matplotlib.ts";

const entry = (table: Uint8Array, i: number) => Array.from(table.subarray(i * 4, i * 4 + 4));

for (const name of ["Blues", "Greens", "Reds", "gray", "RdWhGn"] as ColorMapName[]) {
  test(`${name} matches matplotlib's table byte for byte`, () => {
    const table = colorTable(name);
    assert.is(table.length, 256 * 4);
    MATPLOTLIB_ENTRIES.forEach((i, k) => assert.equal(entry(table, i), MATPLOTLIB_RGBA[name]![k], `entry ${i}`));
  });
}

test("RdWhGn runs from red through white to CSS green (#008000)", () => {
  const table = colorTable("RdWhGn");
  assert.equal(entry(table, 0), [255, 0, 0, 255]);
  assert.equal(entry(table, 255), [0, 128, 0, 255]);
  // the middle two entries straddle white
  assert.ok(entry(table, 127).slice(0, 3).every((v) => v >= 253));
  assert.ok(entry(table, 128).slice(0, 3).every((v) => v >= 253));
});

test("a position maps to entry floor(position * 256), with 1 kept in the last entry", () => {
  assert.is(tableIndex(0), 0);
  assert.is(tableIndex(0.5), 128);
  assert.is(tableIndex(0.99), 253); // 253.44
  assert.is(tableIndex(1), 255);
  assert.is(tableIndex(1 / 256), 1);
  assert.is(tableIndex(Math.fround(1 / 256) - 1e-9), 0);
});

test("out-of-range positions take the end colours and NaN is 'bad'", () => {
  assert.is(tableIndex(-0.3), 0);
  assert.is(tableIndex(7), 255);
  assert.is(tableIndex(NaN), -1);
});

test("a custom function is sampled at i / 255 with channels in [0, 1]", () => {
  const seen: number[] = [];
  const table = colorTable((x) => {
    seen.push(x);
    return [x, 1 - x, 0.5];
  });
  assert.is(seen.length, 256);
  assert.is(seen[0], 0);
  assert.is(seen[255], 1);
  assert.equal(entry(table, 0), [0, 255, 127, 255]); // 0.5 * 255 = 127.5 truncates; alpha defaults to opaque
  assert.equal(entry(table, 255), [255, 0, 127, 255]);
});

test("custom colours are clamped to [0, 1] and may set alpha", () => {
  const table = colorTable(() => [2, -1, NaN, 0.2]);
  assert.equal(entry(table, 10), [255, 0, 0, 51]);
});

test("an unknown colour map name is rejected with VIS_COLOR_MAP", () => {
  assert.throws(
    () => colorTable("viridis" as ColorMapName),
    (error: unknown) => error instanceof OcclusionError && error.code === "VIS_COLOR_MAP",
  );
  assert.throws(() => colorTable("toString" as ColorMapName), (error: unknown) => error instanceof OcclusionError);
});

test.run();
