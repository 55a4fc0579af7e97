// Shared pieces of the robustness tests: a small valid call (batch 2, input [2, 3, 4],
// a model with 3 outputs per example) that each bad-input case breaks in one place,
// and helpers that expect an OcclusionError with a given code.
import * as assert from "uvu/assert";
import { OcclusionError, type AttributeOptions, type Tensor } from "../../src/index.ts";

export const BATCH = 2;

export function input(shape = [BATCH, 3, 4], fill = (i: number) => (i % 7) - 3): Tensor {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = fill(i);
  return { data, shape };
}

/** Per example: [s, 2s, 3s] with s the sum of the example's values (over all inputs). */
export function model(...args: unknown[]): Tensor {
  const inputs = args.filter((arg): arg is Tensor => typeof arg === "object" && arg !== null && (arg as Tensor).data instanceof Float32Array);
  const rows = inputs[0].shape[0];
  const out = new Float32Array(rows * 3);
  for (const { data } of inputs) {
    const length = data.length / rows;
    for (let row = 0; row < rows; row++) {
      let sum = 0;
      for (let i = 0; i < length; i++) sum += data[row * length + i];
      for (let k = 0; k < 3; k++) out[row * 3 + k] += sum * (k + 1);
    }
  }
  return { data: out, shape: [rows, 3] };
}

export const VALID: AttributeOptions = { slidingWindowShapes: [1, 2] };

/** Awaits `run` and checks it rejects with an OcclusionError of `code` whose message matches `names`. */
export async function rejectsWith(run: () => unknown, code: string, names: RegExp): Promise<OcclusionError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof OcclusionError, `expected an OcclusionError ${code}, got ${caught instanceof Error ? caught.stack : String(caught)}`);
  const error = caught as OcclusionError;
  assert.is(error.code, code, `code (message: ${error.message})`);
  assert.match(error.message, names, "the message names the argument");
  return error;
}

/** Resolves on the next macrotask: lets pending releases (after in-flight calls settle) run. */
export const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Waits (up to ~2 s) until no kernel instance is in use: runs release theirs once in-flight calls settle. */
export async function untilReleased(inUse: () => number): Promise<void> {
  for (let wait = 0; wait < 2000 && inUse() > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.is(inUse(), 0, "every kernel instance is back in the pool");
}
