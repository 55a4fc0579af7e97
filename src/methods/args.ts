// The one place where Captum-style arguments are accepted in all their forms and
// turned into one canonical call: every later step sees one shape per field.
// Everything is validated here, before any forward call or kernel work.
import { normalizeBaselines, type Baseline } from "./baselines.ts";
import { dense } from "../arrays.ts";
import { describe, fail, guardRead, listText } from "../errors.ts";
import type { AbortSignalLike } from "../host-types.ts";
import { normalizeExtraArgs } from "../engine/extra-args.ts";
import { planWindows, type WindowPlan } from "./window-plan.ts";
import type { PerturbationPlan } from "../engine/plan.ts";
import { progressSink, type ProgressOption, type ProgressSink } from "../engine/progress.ts";
import { normalizeTarget } from "../engine/target.ts";
import { dtypeOf, isTensorLike, readDataOf, readShapeOf, rejectTypedShape, toInputArray, type DType, type InputArray, type TensorLike } from "../tensor.ts";
import { isPositiveInteger, normalizeStrides, normalizeWindows, type Shaped } from "./windows.ts";
import { sessionBytes } from "../wasm/session.ts";
import { checkWasmBytes } from "../engine/limits.ts";
import { LONG_RUN_OPTIONS, normalizeLongRun, type LongRunOptions, type PartialCallOptions } from "../engine/long-run.ts";
import { buildSchedule, scheduleLists } from "../engine/schedule.ts";
import { AUTO_SIZES } from "../engine/auto-batch.ts";
import { autoSizes } from "./auto-sizes.ts";
import { fingerprintOf } from "../engine/fingerprint.ts";

/** Options every method shares; Captum's argument names in camelCase. */
export interface CommonOptions extends LongRunOptions {
  /** Captum baselines: a number, a tensor-like broadcastable to the input, or one per input. Default 0. */
  baselines?: number | TensorLike | readonly (number | TensorLike)[];
  /** Captum target: index into dim 1, one index per example, index tuples, or an integer tensor. */
  target?: number | readonly number[] | readonly (readonly number[])[] | TensorLike | null;
  /** Captum additional_forward_args: a value or an array of values passed after the inputs. */
  additionalForwardArgs?: unknown;
  /**
   * Captum perturbations_per_eval: perturbations evaluated per forward call. Default 1.
   * `"auto"` measures the first calls at sizes 1, 4, 16 and 64 (those that fit
   * `maxMemoryBytes`) and continues at the fastest; results are the same bits as with any
   * fixed size. The size chosen is reported to a `showProgress` callback
   * (`event.perturbationsPerEval`). A model with a fixed batch dimension needs a fixed size.
   */
  perturbationsPerEval?: number | "auto";
  /** Captum show_progress: true for a bar on stderr, or a callback({ done, total }). */
  showProgress?: ProgressOption;
  /** Stops the run: it rejects with code ABORTED before the next forward call. */
  signal?: AbortSignalLike;
  /** Forward calls kept in flight at once (async forwards). Default 1. */
  concurrency?: number;
  /** Upper bound on the wasm memory of this run, in bytes, counted in whole 64 KiB pages (so at least 65536). Default: WebAssembly's 4 GiB. */
  maxMemoryBytes?: number;
}

/** Options of attributePartial (a shard): attribute's, and the window (or feature) numbers start <= w < end. */
export type PartialOptions<O> = O & PartialCallOptions;

/** Options of Occlusion.attribute. */
export interface AttributeOptions extends CommonOptions {
  /** Captum sliding_window_shapes: number[] for one input, number[][] with one entry per input. */
  slidingWindowShapes: readonly number[] | readonly (readonly number[])[];
  /** Captum strides: a number (one input), number[] per dimension, or one entry per input. Default 1. */
  strides?: number | readonly number[] | readonly (number | readonly number[])[];
}

import type { NormalizedCall } from "../engine/call.ts";
export type { NormalizedCall };

const COMMON_OPTIONS = [
  "baselines", "target", "additionalForwardArgs",
  "perturbationsPerEval", "showProgress", "signal", "concurrency", "maxMemoryBytes", ...LONG_RUN_OPTIONS,
];

/** What a method adds to the shared normalisation: its own option names and its plan. */
export interface MethodSpec<P extends PerturbationPlan> {
  /** The method's name in partial records and fingerprints. */
  name: string;
  options: string[];
  /** Name of the option the method cannot do without, for the message of a missing options object. */
  required: string;
  /**
   * Builds the plan from shapes alone (no input data read yet); `options` are already checked for unknown keys.
   * `maxMemoryBytes` bounds any kernel scratch the plan itself needs (FeatureAblation's mask conversion).
   */
  plan(options: Record<string, unknown>, shapes: Shaped[], perturbationsPerEval: number, maxMemoryBytes: number): P;
}

const OCCLUSION: MethodSpec<WindowPlan> = {
  name: "occlusion",
  options: ["slidingWindowShapes", "strides"],
  required: "slidingWindowShapes",
  plan(opts, shapes, perturbationsPerEval) {
    const windows = normalizeWindows(opts.slidingWindowShapes, shapes);
    const strides = normalizeStrides(opts.strides, shapes, windows);
    return planWindows(shapes.map((raw) => raw.shape), windows, strides, perturbationsPerEval);
  },
};

/** Occlusion's call. */
export function normalizeCall(inputs: unknown, options: unknown, allowWindows = false): NormalizedCall<WindowPlan> {
  return normalizeMethodCall(inputs, options, OCCLUSION, allowWindows);
}

/**
 * Validates a call. Shapes, plan and limits are checked first, from shapes alone, so
 * an impossible run fails before any input data is read, converted or copied.
 */
export function normalizeMethodCall<P extends PerturbationPlan>(inputs: unknown, options: unknown, method: MethodSpec<P>, allowWindows = false): NormalizedCall<P> {
  return guardRead("the inputs or options", () => normalizeUnguarded(inputs, options, method, allowWindows));
}

function normalizeUnguarded<P extends PerturbationPlan>(inputs: unknown, options: unknown, method: MethodSpec<P>, allowWindows: boolean): NormalizedCall<P> {
  const opts = checkOptions(options, method);
  const { list, shapes, isTuple } = normalizeInputs(inputs);
  const perturbationsPerEval = perturbationsPerEvalOption(opts.perturbationsPerEval);
  const isAuto = perturbationsPerEval === "auto";
  const maxMemoryBytes = positiveInteger(opts.maxMemoryBytes, Infinity, "maxMemoryBytes", "INVALID_OPTIONS");
  const fullPlan = method.plan(opts, shapes, isAuto ? AUTO_SIZES[AUTO_SIZES.length - 1] : perturbationsPerEval, maxMemoryBytes);
  // A shard, a resume or another order is the same plan restricted to a schedule of perturbations.
  const longRun = normalizeLongRun(opts as PartialCallOptions, fullPlan, allowWindows);
  const done = longRun.resume?.state.doneMask ?? null;
  const concurrency = positiveInteger(opts.concurrency, 1, "concurrency", "INVALID_CONCURRENCY");
  const kinds = { baselines: baselineKinds(opts.baselines, shapes.length), dtypes: shapes.map((raw) => raw.dtype), maxMemoryBytes };
  let plan: P;
  let auto: NormalizedCall["auto"] = null;
  if (isAuto) {
    // "auto": the pending perturbations in evaluation order; the run deals them itself (engine/auto-batch.ts).
    const lists = scheduleLists(fullPlan, longRun.order, longRun.range, done) ?? [Int32Array.from({ length: fullPlan.perturbationCount }, (_, index) => index)];
    const pending = lists.reduce((sum, list) => sum + list.length, 0);
    const sized = autoSizes(fullPlan, pending, kinds, concurrency, opts.additionalForwardArgs);
    plan = sized.plan as P;
    auto = { sizes: sized.sizes, lists };
  } else {
    const schedule = buildSchedule(fullPlan, longRun.order, longRun.range, done);
    plan = (schedule ? fullPlan.withCalls(schedule, fullPlan.perturbationsPerEval) : fullPlan) as P;
  }
  const early = { ...kinds, plan, slots: 1 };
  checkWasmBytes(sessionBytes(early, 0, 1), maxMemoryBytes, "for its inputs");
  const progress = checkProgress(opts.showProgress);
  const signal = checkSignal(opts.signal);
  const batchSize = plan.batchSize;
  const extraArgs = normalizeExtraArgs(opts.additionalForwardArgs, batchSize, plan.copiesPerCall);
  const inputData = list.map((input, index) => readInputData(input, shapes[index].shape, isTuple ? `inputs[${index}]` : "inputs"));
  const dtypes = inputData.map(dtypeOf);
  const baselines = normalizeBaselines(opts.baselines, shapes, dtypes);
  const target = normalizeTarget(opts.target, batchSize);
  let fingerprint: string | undefined;
  const fingerprintOfCall = () => (fingerprint ??= fingerprintOf({
    method: method.name, inputs: shapes, inputData, identity: plan.identity(), baselines, target, additionalForwardArgs: opts.additionalForwardArgs,
  }));
  if (longRun.resume && longRun.resume.fingerprint !== fingerprintOfCall()) {
    fail("PARTIAL_MISMATCH", `resumeFrom has fingerprint ${longRun.resume.fingerprint} but this call has ${fingerprintOfCall()}: ` +
      "it was made with other inputs, baselines, windows, strides, target or additionalForwardArgs, and cannot be mixed in");
  }
  return {
    inputs: shapes.map(({ shape }) => ({ shape })), inputData, dtypes, isTuple, baselines, target,
    extraArgs, plan, progress, signal, concurrency, maxMemoryBytes, method: method.name, longRun, fingerprint: fingerprintOfCall, auto,
  };
}

/** Which baselines are tensors, from the option alone (their data is read later): for the early memory estimate. */
function baselineKinds(value: unknown, count: number): Baseline[] {
  const kind = (entry: unknown): Baseline => (isTensorLike(entry) ? TENSOR : SCALAR);
  return Array.isArray(value) && value.length === count ? Array.from(value, kind) : Array.from({ length: count }, () => kind(value));
}

const SCALAR: Baseline = { kind: "scalar", value: 0 };
const TENSOR: Baseline = { kind: "tensor", data: [], sourceStrides: [], name: "" };

function checkOptions(options: unknown, method: MethodSpec<PerturbationPlan>): Record<string, unknown> & CommonOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    fail("INVALID_OPTIONS", `options must be an object with at least ${method.required}, got ${describe(options)}`);
  }
  const KNOWN_OPTIONS = new Set([...method.options, ...COMMON_OPTIONS]);
  for (const key of Object.keys(options)) {
    if (KNOWN_OPTIONS.has(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const hint = KNOWN_OPTIONS.has(camel) ? ` (did you mean ${camel}?)` : "";
    fail("INVALID_OPTIONS", `unknown option ${JSON.stringify(key)}${hint}; known options: ${[...KNOWN_OPTIONS].join(", ")}`);
  }
  return options as Record<string, unknown> & CommonOptions;
}

/** An input's shape and its type as far as it shows without reading data (a TF.js tensor's dtype). */
export interface InputShape extends Shaped {
  dtype: DType;
}

function normalizeInputs(inputs: unknown): { list: unknown[]; shapes: InputShape[]; isTuple: boolean } {
  const isTuple = Array.isArray(inputs);
  const list = isTuple ? dense(inputs as unknown[]) : [inputs];
  if (list.length === 0) fail("EMPTY_INPUT", "inputs is an empty array; pass a tensor-like or an array of them");
  const shapes = list.map((input, index) => {
    const name = isTuple ? `inputs[${index}]` : "inputs";
    if (!isTensorLike(input)) {
      rejectTypedShape(input, name, "INVALID_INPUT");
      const hint = Array.isArray(input) || typeof input === "number" ? "; wrap plain arrays with tensor()" : "";
      fail("INVALID_INPUT", `${name} must be a tensor-like ({ data, shape }, { data, dims } or { shape, dataSync() }), got ${describe(input)}${hint}`);
    }
    const shape = readShapeOf(input, name, "INVALID_INPUT");
    if (shape.length === 0) fail("EMPTY_INPUT", `${name} is 0-d; inputs need a batch dimension (shape [B, ...])`);
    if (shape.includes(0)) fail("EMPTY_INPUT", `${name} has shape ${listText(shape)}; every dimension must be at least 1`);
    const record = input as { data?: unknown; dtype?: unknown };
    return { shape, dtype: "data" in record ? dtypeOf(record.data) : record.dtype === "int32" ? "int32" as const : "float32" as const };
  });
  const batchSize = shapes[0].shape[0];
  shapes.forEach(({ shape }, index) => {
    if (shape[0] !== batchSize) {
      fail("BATCH_SIZE_MISMATCH", `inputs[${index}] has batch size ${shape[0]} (shape ${listText(shape)}) but inputs[0] has ${batchSize}; all inputs share dim 0`);
    }
  });
  return { list, shapes, isTuple };
}

// Read once, at call time: the run works on its own copy, so the caller may change or
// reuse its array while forward calls are in flight (every dtype, Float32Array included).
function readInputData(input: unknown, shape: number[], name: string): InputArray {
  const data = readDataOf(input, shape, name, "INVALID_INPUT");
  const converted = toInputArray(data, `${name}.data`);
  return converted === data ? converted.slice() : converted;
}

function positiveInteger(value: unknown, fallback: number, name: string, code: "INVALID_CONCURRENCY" | "INVALID_OPTIONS"): number {
  if (value === undefined) return fallback;
  if (!isPositiveInteger(value)) fail(code, `${name} must be a positive integer, got ${describe(value)}`);
  return value;
}

function perturbationsPerEvalOption(value: unknown): number | "auto" {
  if (value === undefined) return 1;
  if (value === "auto" || isPositiveInteger(value)) return value;
  fail("INVALID_PERTURBATIONS_PER_EVAL", `perturbationsPerEval must be a positive integer or "auto", got ${describe(value)}`);
}

function checkProgress(value: unknown): ProgressSink | null {
  if (value !== undefined && typeof value !== "boolean" && typeof value !== "function") {
    fail("INVALID_OPTIONS", `showProgress must be true, false or a function({ done, total }), got ${describe(value)}`);
  }
  return progressSink(value as ProgressOption);
}

function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const signal = value as AbortSignal;
  if (typeof signal !== "object" || signal === null || typeof signal.aborted !== "boolean" ||
    typeof signal.addEventListener !== "function" || typeof signal.removeEventListener !== "function") {
    fail("INVALID_OPTIONS", `signal must be an AbortSignal, got ${describe(value)}`);
  }
  return signal;
}

