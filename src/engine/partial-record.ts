// Checking a partial record read back from JSON (PARTIAL_INVALID names what is wrong),
// and the run-length form of the done windows.
import { describe, fail } from "../errors.ts";
import type { InputGeometry } from "../methods/window-plan.ts";
import type { PartialRecord } from "./partial.ts";

export function readRecord(json: unknown): PartialRecord {
  let record = json;
  if (typeof json === "string") {
    try {
      record = JSON.parse(json);
    } catch (error) {
      fail("PARTIAL_INVALID", "the partial is a string that is not JSON", error);
    }
  }
  const value = record as Partial<PartialRecord> | null;
  if (typeof value !== "object" || value === null || value.format !== "occlusion-wasm/partial") {
    fail("PARTIAL_INVALID", `a partial must be an OcclusionPartial or its toJSON() record (format "occlusion-wasm/partial"), got ${describe(record)}`);
  }
  if (value.version !== 1) fail("PARTIAL_INVALID", `this version reads partial records of version 1, got ${describe(value.version)}`);
  const checks: [keyof PartialRecord, (field: unknown) => boolean][] = [
    ["method", (field) => typeof field === "string"],
    ["fingerprint", (field) => typeof field === "string"],
    ["isTuple", (field) => typeof field === "boolean"],
    ["inputs", (field) => Array.isArray(field) && field.length > 0],
    ["windowCount", (field) => Number.isInteger(field)],
    ["outputCount", (field) => Number.isInteger(field) && (field as number) > 0],
    ["outputShape", (field) => Array.isArray(field) && field.every(Number.isInteger)],
    ["range", (field) => isPair(field)],
    ["done", (field) => Array.isArray(field) && field.every(isPair)],
    ["differences", (field) => typeof field === "string"],
  ];
  for (const [key, valid] of checks) {
    if (!valid(value[key])) fail("PARTIAL_INVALID", `the partial's field ${key} is missing or malformed, got ${describe(value[key])}`);
  }
  const [start, end] = value.range!;
  if (!(start >= 0 && end > start && end <= value.windowCount!)) fail("PARTIAL_INVALID", `the partial's range [${start}, ${end}] is not within 0..${value.windowCount}`);
  return value as PartialRecord;
}

function isPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every(Number.isInteger);
}

export function geometryFromJSON(entry: { sizes: number[]; window: number[]; strides: number[] }, index: number): InputGeometry {
  const { sizes, window, strides } = entry ?? {};
  const positive = (list: unknown) => Array.isArray(list) && list.every((item) => Number.isInteger(item) && item > 0);
  if (!positive(sizes) || !positive(window) || !positive(strides) || window.length !== sizes.length || strides.length !== sizes.length ||
    window.some((size, dim) => size > sizes[dim])) {
    fail("PARTIAL_INVALID", `the partial's inputs[${index}] must give sizes, window and strides of one length with window <= sizes, got ${describe(entry)}`);
  }
  const shifts = sizes.map((size, dim) => Math.ceil((size - window[dim]) / strides[dim]) + 1);
  const product = (list: number[]) => list.reduce((total, item) => total * item, 1);
  return { sizes, window, strides, shifts, windowCount: product(shifts), exampleLength: product(sizes) };
}

/** [start, end) runs of the windows marked 1. */
export function doneRanges(mask: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  for (let window = 0; window < mask.length; ) {
    if (!mask[window]) {
      window++;
      continue;
    }
    const start = window;
    while (window < mask.length && mask[window]) window++;
    runs.push([start, window]);
  }
  return runs;
}
