// OcclusionError and the table of the core's codes: every invalid argument, failed
// forward call, cancellation and resource limit is reported with one of these stable codes.

/** Every code of the core entry, with a one-line description. */
export const ERROR_CODES = {
  INVALID_FORWARD: "forward is not a function",
  INVALID_OPTIONS: "options is not an object, or names an unknown option",
  INVALID_INPUT: "an input is not a tensor-like with numeric data and a matching shape",
  EMPTY_INPUT: "inputs is an empty array, or an input has no batch dimension or a zero-sized dimension",
  BATCH_SIZE_MISMATCH: "inputs (or additional tensor arguments) differ in dim 0",
  WINDOW_COUNT: "slidingWindowShapes does not give one window per input",
  WINDOW_RANK: "a window's length differs from its input's non-batch rank",
  INVALID_WINDOW: "a window entry is not a positive integer",
  WINDOW_TOO_LARGE: "a window is larger than its input in some dimension",
  STRIDES_COUNT: "strides do not give one entry per input",
  STRIDE_RANK: "a per-dimension stride list has the wrong length",
  INVALID_STRIDE: "a stride is not a positive integer",
  STRIDE_TOO_LARGE: "a stride exceeds the window where the window is smaller than the input",
  INVALID_PERTURBATIONS_PER_EVAL: "perturbationsPerEval is not a positive integer or \"auto\"",
  INVALID_CONCURRENCY: "concurrency is not a positive integer",
  BASELINE_COUNT: "baselines do not give one entry per input",
  BASELINE_SHAPE: "a baseline tensor does not broadcast to its input",
  INVALID_BASELINE: "a baseline is neither a number nor a tensor-like, holds NaN or Infinity (as float32), or is not an integer of its integer input's type",
  INVALID_TARGET: "target is not a non-negative integer, an index array, non-empty index tuples or an integer tensor",
  TARGET_RANK: "target has more indices than the forward output has dimensions after dim 0",
  TARGET_LENGTH: "a per-example target does not give one entry per example",
  TARGET_OUT_OF_RANGE: "a target index is outside the forward output",
  ADDITIONAL_ARG_BATCH: "a tensor in additionalForwardArgs does not have the batch size as dim 0",
  FORWARD_OUTPUT_TYPE: "forward returned something that is not numeric",
  FORWARD_OUTPUT_SHAPE: "forward's output does not grow with the perturbations in its batch",
  FORWARD_ASYNC_IN_SYNC: "attributeSync's forward returned a promise",
  FORWARD_FAILED: "forward threw or rejected",
  FORWARD_WROTE_INPUT: "forward wrote into the batch tensors it was given (read-only views of wasm memory)",
  ABORTED: "the signal aborted the run",
  NOT_INITIALIZED: "attributeSync was called before init() resolved",
  KERNEL_LOAD: "the WebAssembly kernel could not be loaded",
  MEMORY_LIMIT: "the run needs more memory than WebAssembly (4 GiB) or maxMemoryBytes allows, or a JS-side array over 4 GiB",
  TOO_MANY_WINDOWS: "the run has more windows than 2^31 - 1",
  INVALID_FEATURE_MASK: "a featureMask is not an integer tensor-like, holds a negative, fractional or over-2^53 id, or gives more than 2^31 - 1 features",
  FEATURE_MASK_COUNT: "featureMask does not give one mask per input",
  FEATURE_MASK_SHAPE: "a featureMask does not broadcast to its input",
  FEATURE_MASK_PER_EXAMPLE: "a per-example featureMask ([B, ...]) while the target does not select one output value per example",
  INVALID_WINDOWS: "attributePartial's windows is not a [start, end] range within the call's windows",
  PARTIAL_INVALID: "a partial record is not one toJSON() wrote (format, version or a field is wrong)",
  PARTIAL_MISMATCH: "partials (or resumeFrom and the call) have different fingerprints: other inputs, baselines, windows, target or forward args",
  PARTIAL_GAP: "mergePartials' partials leave some windows undone",
  PARTIAL_OVERLAP: "mergePartials' partials both hold some window",
  ON_PARTIAL_FAILED: "the onPartial callback threw",
  UNREADABLE_VALUE: "reading an input, option, signal or forward output threw: a throwing getter or Proxy trap, a revoked Proxy, a disposed tensor, nesting too deep",
} as const;

/**
 * Every code an OcclusionError can carry: the core's (ERROR_CODES) and those of the
 * secondary entries, listed there (VISUALIZE_ERROR_CODES, ADAPTER_ERROR_CODES, TEXT_ERROR_CODES) so the
 * core entry does not ship their descriptions. Type-only imports: nothing is bundled.
 */
export type OcclusionErrorCode =
  | keyof typeof ERROR_CODES
  | keyof typeof import("./visualize/errors.ts").VISUALIZE_ERROR_CODES
  | keyof typeof import("./adapters/errors.ts").ADAPTER_ERROR_CODES
  | keyof typeof import("./image/errors.ts").IMAGE_ERROR_CODES
  | keyof typeof import("./queue/errors.ts").QUEUE_ERROR_CODES
  | keyof typeof import("./pool/errors.ts").POOL_ERROR_CODES
  | keyof typeof import("./text/errors.ts").TEXT_ERROR_CODES;

// The ESM, CommonJS and classic-script builds each carry this class, and a program may
// load more than one of them (a CommonJS dependency next to ESM code, a <script> next
// to a bundle). Every instance carries one brand from the global symbol registry, shared
// by all builds and copies, and `instanceof OcclusionError` tests for it.
const BRAND = Symbol.for("occlusion-wasm.OcclusionError");

/**
 * The error every invalid call rejects with; `code` is stable, `message` says what to fix.
 * `error instanceof OcclusionError` holds whichever build of the library threw it.
 */
export class OcclusionError extends Error {
  /** What went wrong, as a stable code: see `ERROR_CODES`. */
  readonly code: OcclusionErrorCode;
  /** When a run ended early after its unperturbed call: the windows done so far, to resume from (docs/long-runs.md). */
  partial?: import("./engine/partial.ts").OcclusionPartial;

  /**
   * Made by the library; rarely by users.
   * @param code the stable code
   * @param message what was wrong and what was expected
   * @param options `cause`: the error behind this one (a forward's own error for `FORWARD_FAILED`)
   */
  constructor(code: OcclusionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OcclusionError";
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for an OcclusionError from any build of the library; plain prototype checks for subclasses. */
  static override [Symbol.hasInstance](value: unknown): value is OcclusionError {
    if (this !== OcclusionError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}

/** Throws an OcclusionError; typed `never` so callers can use it in expressions. */
export function fail(code: OcclusionErrorCode, message: string, cause?: unknown): never {
  throw new OcclusionError(code, message, cause === undefined ? undefined : { cause });
}

/**
 * A list of numbers (a shape, a window, strides) for an error message: `[3, 224, 224]`, or
 * for a long one its first and last entries and its length, so a message stays short
 * whatever the caller passed.
 */
export function listText(values: ArrayLike<unknown>): string {
  const length = values.length;
  const entry = (index: number) => String(values[index]);
  if (length <= 8) return `[${Array.from({ length }, (_, index) => entry(index)).join(", ")}]`;
  const head = [0, 1, 2, 3].map(entry).join(", ");
  const tail = [length - 2, length - 1].map(entry).join(", ");
  return `[${head}, …, ${tail}] (${length} entries)`;
}

/**
 * Runs `read` (code that reads user values); anything it throws that is not an
 * OcclusionError (a getter, a Proxy trap, a disposed tensor, a stack overflow) becomes
 * UNREADABLE_VALUE naming `what`, with the original error as `cause`.
 */
export function guardRead<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof OcclusionError) throw error;
    throw new OcclusionError("UNREADABLE_VALUE", `reading ${what} threw: ${errorText(error)}`, { cause: error });
  }
}

/** An error's message for another message, whatever it is (a getter that throws, a revoked Proxy). */
export function errorText(error: unknown): string {
  try {
    if (error instanceof Error) {
      const message = error.message;
      return typeof message === "string" ? cut(message) : describe(message);
    }
    return describe(error);
  } catch {
    return "an error that cannot be read";
  }
}

function cut(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A short, safe rendering of a user value for error messages; never throws. */
export function describe(value: unknown): string {
  try {
    return describeUnsafe(value);
  } catch {
    return "a value that cannot be inspected (a revoked Proxy or a throwing trap)";
  }
}

function describeUnsafe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "function") return "a function";
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 6).map((item) => (Array.isArray(item) ? "[…]" : describe(item)));
    return `[${shown.join(", ")}${value.length > 6 ? ", …" : ""}]`;
  }
  if (typeof value === "object") return `an object with keys {${Object.keys(value).slice(0, 6).join(", ")}}`;
  return String(value);
}
