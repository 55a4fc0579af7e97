// Registers uvu hooks that fail a suite if any promise rejection went unhandled while it ran.
import * as assert from "uvu/assert";
import type { Test } from "uvu";

export function failOnUnhandledRejections(suite: Test): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  suite.before(() => void process.on("unhandledRejection", onUnhandled));
  suite.after(() => {
    process.off("unhandledRejection", onUnhandled);
    assert.equal(unhandled, [], "no unhandled rejection");
  });
}
