// Error messages stay short and say what was given, whatever the caller passed: long
// lists (a window of a million entries) are cut to their first and last entries and
// their length, a typed-array shape is named as such, and byte counts just over a limit
// do not round to the limit itself.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Occlusion, init } from "../src/index.ts";
import { listText } from "../src/errors.ts";
import { checkWasmBytes } from "../src/engine/limits.ts";
import { input, model, rejectsWith } from "./support/bad-calls.ts";

test.before(async () => {
  await init();
});

test("listText: short lists in full, long ones as first four, last two and the length", () => {
  assert.is(listText([3, 224, 224]), "[3, 224, 224]");
  assert.is(listText([]), "[]");
  assert.is(listText(Array.from({ length: 8 }, (_, i) => i)), "[0, 1, 2, 3, 4, 5, 6, 7]");
  assert.is(listText(Array.from({ length: 1_000_000 }, (_, i) => i)), "[0, 1, 2, 3, …, 999998, 999999] (1000000 entries)");
});

test("a million-entry window: WINDOW_RANK with a short message naming its length", async () => {
  const window = new Array(1_000_000).fill(1);
  const error = await rejectsWith(() => new Occlusion(model).attribute(input(), { slidingWindowShapes: window }), "WINDOW_RANK", /slidingWindowShapes/);
  assert.ok(error.message.length < 400, `message of ${error.message.length} characters`);
  assert.match(error.message, /1000000 entries/);
});

test("a rank-10,000 input shape is cut in the message of the error it causes", async () => {
  const shape = [1, ...new Array(9_999).fill(2)];
  const error = await rejectsWith(() => new Occlusion(model).attribute({ data: new Float32Array(4), shape }, { slidingWindowShapes: [1] }), "WINDOW_RANK", /10000 entries/);
  assert.ok(error.message.length < 400, `message of ${error.message.length} characters`);
});

test("an Int32Array shape is reported as a typed array, with the fix", async () => {
  const given = { data: new Float32Array(24), shape: Int32Array.of(2, 3, 4) };
  const error = await rejectsWith(() => new Occlusion(model).attribute(given as never, { slidingWindowShapes: [1, 2] }), "INVALID_INPUT", /inputs\.shape/);
  assert.match(error.message, /Int32Array\(3\)/);
  assert.match(error.message, /Array\.from\(shape\)/);
  assert.not.match(error.message, /keys/);
});

test("a byte count just over the limit is given in bytes, not as two equal GiB figures", () => {
  const limit = 2 ** 32;
  let message = "";
  try {
    checkWasmBytes(limit + 4096, limit, "for its batches");
  } catch (error) {
    message = (error as Error).message;
  }
  // Memory grows in whole 64 KiB pages: 4096 bytes over the limit is one page more.
  assert.match(message, /needs 4295032832 bytes .* at most 4294967296 bytes/);
  try {
    checkWasmBytes(3 * 2 ** 30, 2 ** 30, "for its batches");
  } catch (error) {
    message = (error as Error).message;
  }
  assert.match(message, /needs 3\.00 GiB .* at most 1\.00 GiB/);
});

test.run();
