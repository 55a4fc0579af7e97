// OcclusionPartial: the windows of one attribution evaluated so far and their
// differences f(input) - f(window occluded), with the fingerprint of the call that made
// them (fingerprint.ts). It is what onPartial receives while a run goes on, what
// error.partial holds when a run ends early, what attributePartial resolves to, and what
// resumeFrom and mergePartials take. toJSON() is plain JSON (docs/long-runs.md gives the
// format); differences travel as base64 float32 bits, so nothing is rounded on the way.
import { fail } from "../errors.ts";
import { isInitialized } from "../wasm/kernel.ts";
import type { InputGeometry } from "../methods/window-plan.ts";
import type { Features } from "../methods/feature-mask.ts";
import { featuresFromJSON, featuresToJSON, type FeaturesRecord } from "../methods/features-record.ts";
import type { Tensor } from "../tensor.ts";
import { spreadOutside } from "./partial-spread.ts";
import { decodeFloat32, encodeFloat32 } from "./partial-base64.ts";
import { doneRanges, geometryFromJSON, readRecord } from "./partial-record.ts";
import type { PerturbationPlan } from "./plan.ts";
import { planOfPartial } from "../methods/partial-plan.ts";

export const PARTIAL_FORMAT = "occlusion-wasm/partial";

/** The JSON form of a partial (toJSON / fromJSON). */
export interface PartialRecord {
  format: typeof PARTIAL_FORMAT;
  version: 1;
  method: string;
  fingerprint: string;
  isTuple: boolean;
  /** Per input: non-batch sizes, window and strides (enough to spread the differences). */
  inputs: { sizes: number[]; window: number[]; strides: number[] }[];
  windowCount: number;
  /** Values per window: the elements of the target-selected unperturbed output. */
  outputCount: number;
  /** Shape of the unperturbed output. */
  outputShape: number[];
  /** The windows this record was asked to cover: [start, end). */
  range: [number, number];
  /** Windows done, as [start, end) runs in increasing order. */
  done: [number, number][];
  /** Base64 of the little-endian float32 differences of the done windows, in window order, outputCount each. */
  differences: string;
  /** FeatureAblation only: each input's features as runs (what spreading needs without the masks). */
  features?: FeaturesRecord;
}

export interface PartialState {
  method: string;
  fingerprint: string;
  isTuple: boolean;
  /** Non-batch sizes per input. */
  sizes: number[][];
  /** Occlusion's window geometry per input (what a record needs to be spread without its inputs); null for other methods. */
  geometries: InputGeometry[] | null;
  /** FeatureAblation's features per input, as runs (what a record needs to be spread without its masks); null for other methods. */
  features: Features | null;
  /** The plan that spreads the differences; null for a record read back (rebuilt from geometries). */
  plan: PerturbationPlan | null;
  windowCount: number;
  outputCount: number;
  outputShape: number[];
  range: [number, number];
  /** 1 where a window is done, per window of the whole attribution. */
  doneMask: Uint8Array;
  /** [windowCount, outputCount]; 0 where not done. */
  differences: Float32Array;
  /** Windows done inside range. */
  done: number;
}

/**
 * The perturbations (windows or features) of one attribution evaluated so far and their
 * differences, with the fingerprint of the call that made them: what `onPartial` receives,
 * what `error.partial` holds when a run ends early, what `attributePartial` resolves to,
 * and what `resumeFrom` and {@link mergePartials} take. `toJSON()` is plain JSON;
 * `OcclusionPartial.fromJSON` reads it back.
 */
export class OcclusionPartial {
  /** @internal */
  readonly state: PartialState;

  /** @internal Use fromJSON, or take one from onPartial, error.partial or attributePartial. */
  constructor(state: PartialState) {
    this.state = state;
  }

  /** Windows done (of this call's windows: a shard's range, or all). */
  get done(): number {
    return this.state.done;
  }

  /** Windows this call evaluates in all: a shard's range, or every window. */
  get total(): number {
    return this.state.range[1] - this.state.range[0];
  }

  /** A hash of the inputs, baselines, geometry, target and additional arguments that made it; records of other calls are refused. */
  get fingerprint(): string {
    return this.state.fingerprint;
  }

  /** Windows of the whole attribution. */
  get windowCount(): number {
    return this.state.windowCount;
  }

  /** [start, end) runs of the windows done. */
  windows(): [number, number][] {
    return doneRanges(this.state.doneMask);
  }

  /**
   * The attribution so far: per element, the mean difference over the done windows that
   * cover it, 0 where none does. Once every window is done it is the exact result
   * (Captum's, bit for bit). Needs the kernel loaded (await init()).
   */
  attributions(): Tensor | Tensor[] {
    if (!isInitialized()) fail("NOT_INITIALIZED", "partial.attributions() needs the kernel: await init() once before");
    const { sizes, outputCount: rows, differences, doneMask, isTuple } = this.state;
    const plan = this.state.plan ?? planOfPartial(this.state);
    const complete = doneMask.every((done) => done === 1);
    // FeatureAblation: each element is in one feature, so the map so far is its feature's difference, or 0 (held where not done).
    const data = complete ? spreadOutside(plan, differences, rows, differences.some((value) => value - value !== 0))
      : this.state.features ? spreadOutside(plan, differences, rows, false) : meanOverDone(plan, this.state);
    const tensors = data.map((values, input): Tensor => ({ data: values, shape: [rows, ...sizes[input]] }));
    return isTuple ? tensors : tensors[0];
  }

  /** The record as plain JSON (for a file, IndexedDB or a queue); `OcclusionPartial.fromJSON` reads it back. */
  toJSON(): PartialRecord {
    const { state } = this;
    const done = doneRanges(state.doneMask);
    const count = done.reduce((sum, [start, end]) => sum + end - start, 0);
    const packed = new Float32Array(count * state.outputCount);
    let at = 0;
    for (const [start, end] of done) {
      packed.set(state.differences.subarray(start * state.outputCount, end * state.outputCount), at);
      at += (end - start) * state.outputCount;
    }
    return {
      format: PARTIAL_FORMAT, version: 1, method: state.method, fingerprint: state.fingerprint, isTuple: state.isTuple,
      inputs: state.geometries ? state.geometries.map(({ sizes, window, strides }) => ({ sizes, window, strides })) : state.sizes.map((sizes) => ({ sizes, window: [], strides: [] })),
      windowCount: state.windowCount, outputCount: state.outputCount, outputShape: state.outputShape,
      range: state.range, done, differences: encodeFloat32(packed),
      ...(state.features ? { features: featuresToJSON(state.features) } : {}),
    };
  }

  /** Reads a record written by toJSON (the object, or its JSON text); PARTIAL_INVALID if it is not one. */
  static fromJSON(json: PartialRecord | string): OcclusionPartial {
    const record = readRecord(json);
    const geometries = record.method === "occlusion" ? record.inputs.map(geometryFromJSON) : null;
    const sizes = record.inputs.map((input) => input.sizes);
    // Records written before FeatureAblation's carried its features still resume a call (resumeFrom), which has the masks.
    const features = record.features !== undefined ? featuresFromJSON(record.features, sizes, record.outputCount) : null;
    if (features && features.count !== record.windowCount) fail("PARTIAL_INVALID", `the partial's features count ${features.count} but it says windowCount ${record.windowCount}`);
    const windowCount = geometries ? geometries.reduce((sum, geometry) => sum + geometry.windowCount, 0) : record.windowCount;
    if (windowCount !== record.windowCount) fail("PARTIAL_INVALID", `the partial's inputs give ${windowCount} windows but it says windowCount ${record.windowCount}`);
    const doneMask = new Uint8Array(windowCount);
    let count = 0;
    let previousEnd = 0;
    for (const [start, end] of record.done) {
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= previousEnd && end > start && end <= windowCount)) {
        fail("PARTIAL_INVALID", `the partial's done runs must be increasing [start, end) pairs within 0..${windowCount}, got [${start}, ${end}]`);
      }
      doneMask.fill(1, start, end);
      count += end - start;
      previousEnd = end;
    }
    const packed = decodeFloat32(record.differences);
    if (packed.length !== count * record.outputCount) {
      fail("PARTIAL_INVALID", `the partial holds ${packed.length} differences; ${count} done windows x ${record.outputCount} outputs need ${count * record.outputCount}`);
    }
    const differences = new Float32Array(windowCount * record.outputCount);
    let at = 0;
    for (const [start, end] of record.done) {
      differences.set(packed.subarray(at, at + (end - start) * record.outputCount), start * record.outputCount);
      at += (end - start) * record.outputCount;
    }
    const [rangeStart, rangeEnd] = record.range;
    let done = 0;
    for (let window = rangeStart; window < rangeEnd; window++) done += doneMask[window];
    return new OcclusionPartial({
      method: record.method, fingerprint: record.fingerprint, isTuple: record.isTuple, sizes, geometries, features, plan: null, windowCount,
      outputCount: record.outputCount, outputShape: record.outputShape, range: [rangeStart, rangeEnd], doneMask, differences, done,
    });
  }
}

/**
 * Occlusion's mean over done windows per element: the kernel spreads the masked
 * differences and the done indicator as one more row, both divided by full coverage, so
 * their ratio is the mean over the done windows only.
 */
function meanOverDone(plan: PerturbationPlan, state: PartialState): Float32Array[] {
  const { outputCount: rows, differences, doneMask, geometries, sizes } = state;
  const wide = rows + 1;
  const widened = new Float32Array(state.windowCount * wide);
  for (let window = 0; window < state.windowCount; window++) {
    if (!doneMask[window]) continue;
    widened.set(differences.subarray(window * rows, (window + 1) * rows), window * wide);
    widened[window * wide + rows] = 1;
  }
  return spreadOutside(plan, widened, wide, false).map((spread, input) => {
    const length = sizes[input].reduce((total, size) => total * size, 1);
    const share = spread.subarray(rows * length);
    // A covered element's share is at least 1 / (most windows over one element); below half of
    // that it is the rounding of the kernel's prefix sums over elements no done window covers.
    const geometry = geometries![input];
    const most = geometry.window.reduce((count, size, dim) => count * Math.ceil(size / geometry.strides[dim]), 1);
    const result = new Float32Array(rows * length);
    for (let row = 0; row < rows; row++) {
      for (let at = 0; at < length; at++) result[row * length + at] = share[at] * most > 0.5 ? spread[row * length + at] / share[at] : 0;
    }
    return result;
  });
}
