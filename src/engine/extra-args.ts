// Captum's additional_forward_args: handed to forward after the inputs. Tensor-likes
// with the batch size as dim 0 are repeated along dim 0 once per perturbation in the
// batch (whole-tensor tiling, as Captum's _expand_additional_forward_args); 0-d
// tensors and other values pass through unchanged.
import { dense } from "../arrays.ts";
import { describe, fail, listText } from "../errors.ts";
import { isTensorLike, product, readShapeOf, readTensorLike, type NumericArray } from "../tensor.ts";
import { checkTiledBytes } from "./limits.ts";

type TypedArray = Exclude<NumericArray, readonly number[]>;

export interface ExtraArgs {
  /** The values for a forward call holding `copies` perturbations (1 for the unperturbed call). */
  forCopies(copies: number): unknown[];
}

interface TiledArg {
  data: TypedArray;
  shape: number[];
  tiles: Map<number, { data: TypedArray; shape: number[] }>;
}

/**
 * Reads additionalForwardArgs. Shapes come first: the repeated tensors' size is checked
 * against the limit (MEMORY_LIMIT) before any data is read (a TF.js tensor's dataSync()).
 */
export function normalizeExtraArgs(value: unknown, batchSize: number, copiesPerCall: number): ExtraArgs {
  const values = listOf(value);
  checkTiledBytes(tiledBytes(value, copiesPerCall), copiesPerCall);
  const args = values.map((entry, index) => readArg(entry, index, values.length === 1, batchSize));
  return {
    forCopies: (copies) => args.map((arg) => (isTiled(arg) ? tile(arg, copies) : arg)),
  };
}

const listOf = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? dense(value) : [value]);

/** Bytes of the tensor arguments repeated for a call of `copies` perturbations, from shapes alone. */
export function tiledBytes(value: unknown, copies: number): number {
  const values = listOf(value);
  const name = (index: number) => (values.length === 1 ? "additionalForwardArgs" : `additionalForwardArgs[${index}]`);
  return values.reduce((sum: number, entry, index) => {
    if (!isTensorLike(entry)) return sum;
    const shape = readShapeOf(entry, name(index), "ADDITIONAL_ARG_BATCH");
    return shape.length === 0 ? sum : sum + product(shape) * bytesPerElement(entry) * copies;
  }, 0);
}

function readArg(entry: unknown, index: number, alone: boolean, batchSize: number): unknown {
  if (!isTensorLike(entry)) return entry;
  const name = alone ? "additionalForwardArgs" : `additionalForwardArgs[${index}]`;
  const { data, shape } = readTensorLike(entry, name, "ADDITIONAL_ARG_BATCH");
  // Copied at call time: forward never gets the caller's array, and later changes to it change nothing.
  const typed = (ArrayBuffer.isView(data) ? (data as Float32Array).slice() : Float32Array.from(data)) as TypedArray;
  if (shape.length === 0) return { data: typed, shape };
  if (shape[0] !== batchSize) {
    fail("ADDITIONAL_ARG_BATCH", `${name} has shape ${listText(shape)}; tensor arguments must have the batch size ${batchSize} as dim 0 (or be 0-d), got ${describe(shape[0])}`);
  }
  const tiled: TiledArg = { data: typed, shape, tiles: new Map() };
  TILED.add(tiled);
  return tiled;
}

// Bytes per value once read: typed arrays keep their type, number arrays become float32.
function bytesPerElement(entry: unknown): number {
  const data = (entry as { data?: unknown }).data;
  return ArrayBuffer.isView(data) ? (data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 4;
}

// Ours, by identity: a user value passed through (a Proxy whose traps throw) is never read again.
const TILED = new WeakSet<object>();

function isTiled(arg: unknown): arg is TiledArg {
  return typeof arg === "object" && arg !== null && TILED.has(arg);
}

function tile(arg: TiledArg, copies: number): { data: TypedArray; shape: number[] } {
  if (copies === 1) return { data: arg.data, shape: arg.shape };
  let tiled = arg.tiles.get(copies);
  if (!tiled) {
    const Typed = arg.data.constructor as new (length: number) => TypedArray;
    const data = new Typed(arg.data.length * copies);
    for (let copy = 0; copy < copies; copy++) (data as Float32Array).set(arg.data as Float32Array, copy * arg.data.length);
    tiled = { data, shape: [arg.shape[0] * copies, ...arg.shape.slice(1)] };
    arg.tiles.set(copies, tiled);
  }
  return tiled;
}
