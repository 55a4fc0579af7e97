// updateWindows' scratch and box-record layout constants are written on both sides of the wasm boundary
// (assembly/shared/layout.ts, src/wasm/layout.ts); the kernel exports its value.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { acquireKernel, loadKernel as init, releaseKernel } from "../src/wasm/kernel.ts";
import { BOX_RECORD_FIELDS, GEOMETRY_FIELDS, WINDOW_SCRATCH_FIELDS } from "../src/wasm/layout.ts";

test("the wrapper's layout constants equal the kernel's", async () => {
  await init();
  const kernel = acquireKernel();
  try {
    assert.is(kernel.GEOMETRY_FIELDS.value, GEOMETRY_FIELDS, "GEOMETRY_FIELDS");
    assert.is(kernel.WINDOW_SCRATCH_FIELDS.value, WINDOW_SCRATCH_FIELDS, "WINDOW_SCRATCH_FIELDS");
    assert.is(kernel.BOX_RECORD_FIELDS.value, BOX_RECORD_FIELDS, "BOX_RECORD_FIELDS");
  } finally {
    releaseKernel(kernel);
  }
});

test.run();
