// Captum's feature_mask for FeatureAblation: an integer tensor per input, broadcastable
// to it ([1, ...] the same for every example, [B, ...] one per example, any dimension 1
// broadcast), or omitted (every element its own feature). The ids of all masks are the
// features, ordered as Captum orders them (mask 0's ids ascending, then the ids of mask 1
// not seen before, ...); an id shared by several inputs is one feature. Each mask becomes
// runs of consecutive elements per feature here, once: the kernel moves and spreads those.
import { dense } from "../arrays.ts";
import { describe, fail, listText } from "../errors.ts";
import { isTensorLike, product, readTensorLike, type NumericArray } from "../tensor.ts";

type Shaped = { shape: number[] };

/** One input's mask as runs: runs[2r] start, runs[2r + 1] length, grouped by feature. */
export interface MaskRuns {
  /** 1 when the mask is the same for every example, else the batch size (runs then index [B, ...]). */
  maskExamples: number;
  runs: Int32Array;
  /** Feature f's runs are pairs offsets[f] .. offsets[f + 1] of runs. */
  offsets: Int32Array;
}

export interface Features {
  count: number;
  inputs: MaskRuns[];
}

const MAX_FEATURES = 2 ** 31 - 1;

export function normalizeFeatureMask(value: unknown, inputs: Shaped[]): Features {
  if (value === undefined || value === null) return defaultFeatures(inputs);
  const masks = masksPerInput(value, inputs);
  const read = masks.map((mask, index) => readMask(mask, inputs[index], inputs.length > 1 ? `featureMask[${index}]` : "featureMask"));
  // Captum's order: each mask's new ids ascending, mask after mask.
  const featureOf = new Map<number, number>();
  for (const { ids } of read) {
    const sorted = ids.slice().sort(); // typed-array sort: numeric, native
    for (let index = 0; index < sorted.length; index++) {
      const id = sorted[index];
      if ((index === 0 || id !== sorted[index - 1]) && !featureOf.has(id)) featureOf.set(id, featureOf.size);
    }
  }
  if (featureOf.size > MAX_FEATURES) fail("INVALID_FEATURE_MASK", `featureMask has ${featureOf.size} features; at most 2^31 - 1 are supported`);
  return {
    count: featureOf.size,
    inputs: read.map((mask, index) => runsOf(mask, inputs[index], featureOf)),
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

interface ReadMask {
  ids: Float64Array;
  /** Element strides reading the mask as the input's full shape (0 where broadcast). */
  strides: number[];
  maskExamples: number;
}

function readMask(value: unknown, input: Shaped, name: string): ReadMask {
  const { data, shape } = readTensorLike(value, name, "INVALID_FEATURE_MASK");
  const ids = checkIds(data, name);
  const target = input.shape;
  const mismatch = () => fail("FEATURE_MASK_SHAPE",
    `${name} has shape ${listText(shape)}, which does not broadcast to the input's shape ${listText(target)} (each dimension, right-aligned, must equal the input's or be 1)`);
  if (shape.length > target.length) mismatch();
  const full = [...new Array(target.length - shape.length).fill(1), ...shape];
  full.forEach((size, dim) => {
    if (size !== target[dim] && size !== 1) mismatch();
  });
  const strides = full.map((size, dim) => (size === 1 ? 0 : product(full.slice(dim + 1))));
  return { ids, strides, maskExamples: full[0] };
}

function checkIds(data: NumericArray, name: string): Float64Array {
  const ids = new Float64Array(data.length);
  for (let index = 0; index < data.length; index++) {
    const raw = (data as ArrayLike<number | bigint>)[index];
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id < 0 || (typeof raw === "bigint" && BigInt(id) !== raw)) {
      fail("INVALID_FEATURE_MASK", `${name} must hold non-negative integer ids (below 2^53); element ${index} is ${describe(raw)}`);
    }
    ids[index] = id;
  }
  return ids;
}

/** Runs of consecutive elements (in one example, or in [B, ...] for a per-example mask) per feature. */
function runsOf(mask: ReadMask, input: Shaped, featureOf: Map<number, number>): MaskRuns {
  const sizes = input.shape.slice(1);
  const maskExamples = mask.maskExamples;
  const shape = [maskExamples, ...sizes];
  const rank = shape.length;
  const rowLength = shape[rank - 1];
  const rowStride = mask.strides[rank - 1];
  const rows = product(shape) / rowLength;
  // Each mask id's feature, looked up once per mask element (not per input element).
  const maskFeature = featuresOfIds(mask.ids, featureOf);
  // Pass 1: (feature, start, length) runs in element order, row by row of the last
  // dimension: a run never crosses a row, so never an example either (the kernel
  // applies one-example runs to every example). A broadcast last dimension is one run per row.
  const capacity = rowStride === 0 ? rows : rows * rowLength;
  const features = new Int32Array(capacity);
  const starts = new Int32Array(capacity);
  const lengths = new Int32Array(capacity);
  let count = 0;
  const coords = new Array(rank - 1).fill(0);
  let maskAt = 0;
  for (let row = 0; row < rows; row++) {
    const base = row * rowLength;
    if (rowStride === 0) {
      features[count] = maskFeature[maskAt];
      starts[count] = base;
      lengths[count++] = rowLength;
    } else {
      for (let x = 0, at = maskAt; x < rowLength; x++, at += rowStride) {
        const feature = maskFeature[at];
        if (x > 0 && features[count - 1] === feature) lengths[count - 1]++;
        else {
          features[count] = feature;
          starts[count] = base + x;
          lengths[count++] = 1;
        }
      }
    }
    for (let dim = rank - 2; dim >= 0; dim--) {
      maskAt += mask.strides[dim];
      if (++coords[dim] < shape[dim]) break;
      maskAt -= mask.strides[dim] * shape[dim];
      coords[dim] = 0;
    }
  }
  return groupRuns(features.subarray(0, count), starts, lengths, featureOf.size, maskExamples);
}

/** Feature numbers of ids: through a table indexed by id when the ids are small, else the map. */
function featuresOfIds(ids: Float64Array, featureOf: Map<number, number>): Int32Array {
  const features = new Int32Array(ids.length);
  let largest = 0;
  for (const id of featureOf.keys()) largest = Math.max(largest, id);
  if (largest <= Math.max(4 * ids.length, 1 << 16)) {
    const table = new Int32Array(largest + 1);
    for (const [id, feature] of featureOf) table[id] = feature;
    for (let index = 0; index < ids.length; index++) features[index] = table[ids[index]];
  } else {
    for (let index = 0; index < ids.length; index++) features[index] = featureOf.get(ids[index])!;
  }
  return features;
}

// Pass 2: a counting sort of the runs by feature.
function groupRuns(features: Int32Array, starts: Int32Array, lengths: Int32Array, count: number, maskExamples: number): MaskRuns {
  const offsets = new Int32Array(count + 1);
  for (let run = 0; run < features.length; run++) offsets[features[run] + 1]++;
  for (let feature = 0; feature < count; feature++) offsets[feature + 1] += offsets[feature];
  const next = offsets.slice(0, count);
  const runs = new Int32Array(features.length * 2);
  for (let run = 0; run < features.length; run++) {
    const at = next[features[run]]++;
    runs[2 * at] = starts[run];
    runs[2 * at + 1] = lengths[run];
  }
  return { maskExamples, runs, offsets };
}

/** No mask: element p of input i is feature (elements of inputs before i) + p, one run each. */
function defaultFeatures(inputs: Shaped[]): Features {
  const lengths = inputs.map((input) => product(input.shape.slice(1)));
  const count = lengths.reduce((sum, length) => sum + length, 0);
  if (count > MAX_FEATURES) fail("INVALID_FEATURE_MASK", `the default featureMask (one feature per element) gives ${count} features; at most 2^31 - 1 are supported — pass a featureMask`);
  let first = 0;
  const masks = lengths.map((length) => {
    const offsets = new Int32Array(count + 1);
    const runs = new Int32Array(length * 2);
    for (let p = 0; p < length; p++) {
      runs[2 * p] = p;
      runs[2 * p + 1] = 1;
    }
    for (let feature = 0; feature <= count; feature++) offsets[feature] = Math.min(Math.max(feature - first, 0), length);
    first += length;
    return { maskExamples: 1, runs, offsets };
  });
  return { count, inputs: masks };
}
