// Captum's feature_mask for FeatureAblation: an integer tensor per input, broadcastable
// to it ([1, ...] the same for every example, [B, ...] one per example, any dimension 1
// broadcast), or omitted (every element its own feature). The ids of all masks are the
// features, ordered as Captum orders them (mask 0's ids ascending, then the ids of mask 1
// not seen before, ...); an id shared by several inputs is one feature. Here the masks'
// shapes and strides are checked; the kernel reads, checks and numbers the ids and cuts
// each mask into runs of consecutive elements per feature, once (mask-convert.ts).
import { dense } from "../arrays.ts";
import { describe, fail, listText } from "../errors.ts";
import { isTensorLike, product, readDataOf, readShapeOf } from "../tensor.ts";
import { convertMasks, type MaskSource } from "./mask-convert.ts";

type Shaped = { shape: number[] };

/** One input's mask as runs, which the run's plan region holds (mask-kernel.ts). */
export interface MaskRuns {
  /** 1 when the mask is the same for every example, else the batch size (runs then index [B, ...]). */
  maskExamples: number;
  /**
   * Runs (runs[2r] start, runs[2r + 1] length, grouped by feature) and offsets (feature
   * f's runs are offsets[f] .. offsets[f + 1]); null for the default mask, whose runs the
   * kernel writes in place when a run loads (defaultRuns: element p is feature first + p).
   */
  grouped: { runs: Int32Array; offsets: Int32Array } | null;
  runCount: number;
  /** Default mask: this input's first feature. */
  first: number;
}

export interface Features {
  count: number;
  inputs: MaskRuns[];
}

const MAX_FEATURES = 2 ** 31 - 1;

export function normalizeFeatureMask(value: unknown, inputs: Shaped[], maxMemoryBytes = Infinity): Features {
  if (value === undefined || value === null) return defaultFeatures(inputs);
  const masks = masksPerInput(value, inputs);
  const sources = masks.map((mask, index) => readMask(mask, inputs[index], inputs.length > 1 ? `featureMask[${index}]` : "featureMask"));
  const { count, grouped } = convertMasks(sources, maxMemoryBytes);
  return {
    count,
    inputs: grouped.map((runs, index) => ({ maskExamples: sources[index].shape[0], grouped: runs, runCount: runs.runs.length / 2, first: 0 })),
  };
}

function masksPerInput(value: unknown, inputs: Shaped[]): unknown[] {
  if (isTensorLike(value)) {
    if (inputs.length !== 1) fail("FEATURE_MASK_COUNT", `featureMask is one tensor for ${inputs.length} inputs; pass an array with one mask per input`);
    return [value];
  }
  if (!Array.isArray(value)) fail("INVALID_FEATURE_MASK", `featureMask must be an integer tensor-like or an array of them (one per input), got ${describe(value)}`);
  const masks = dense(value);
  masks.forEach((mask, index) => {
    if (!isTensorLike(mask)) fail("INVALID_FEATURE_MASK", `featureMask[${index}] must be an integer tensor-like, got ${describe(mask)}`);
  });
  if (masks.length !== inputs.length) {
    fail("FEATURE_MASK_COUNT", `featureMask gives ${masks.length} mask(s) for ${inputs.length} input(s); pass one mask per input (Captum leaves inputs without a mask at zero attribution; this library asks for every mask)`);
  }
  return masks;
}

/** A mask's data, and the strides that read it as [maskExamples, ...input sizes] (0 where broadcast). */
function readMask(value: unknown, input: Shaped, name: string): MaskSource {
  const shape = readShapeOf(value, name, "INVALID_FEATURE_MASK");
  const data = readDataOf(value, shape, name, "INVALID_FEATURE_MASK");
  const target = input.shape;
  const mismatch = () => fail("FEATURE_MASK_SHAPE",
    `${name} has shape ${listText(shape)}, which does not broadcast to the input's shape ${listText(target)} (each dimension, right-aligned, must equal the input's or be 1)`);
  if (shape.length > target.length) mismatch();
  const full = [...new Array(target.length - shape.length).fill(1), ...shape];
  full.forEach((size, dim) => {
    if (size !== target[dim] && size !== 1) mismatch();
  });
  const strides = full.map((size, dim) => (size === 1 ? 0 : product(full.slice(dim + 1))));
  return { name, data, shape: [full[0], ...target.slice(1)], strides };
}

/** No mask: element p of input i is feature (elements of inputs before i) + p; the kernel writes the runs. */
function defaultFeatures(inputs: Shaped[]): Features {
  const lengths = inputs.map((input) => product(input.shape.slice(1)));
  const count = lengths.reduce((sum, length) => sum + length, 0);
  if (count > MAX_FEATURES) fail("INVALID_FEATURE_MASK", `the default featureMask (one feature per element) gives ${count} features; at most 2^31 - 1 are supported — pass a featureMask`);
  let first = 0;
  return {
    count,
    inputs: lengths.map((length) => {
      const mask = { maskExamples: 1, grouped: null, runCount: length, first };
      first += length;
      return mask;
    }),
  };
}
