// The pool's promise (src/wasm/kernel.ts releaseKernel): an idle instance is all zeros,
// so no later run, or its forward through a view's buffer, sees an earlier run's data.
import * as assert from "uvu/assert";
import { acquireKernel, kernelStats, releaseKernel, type KernelExports } from "../../src/wasm/kernel.ts";

/** Takes every idle instance, checks each byte is 0, and gives them back. */
export function assertIdleZero(label: string): void {
  const taken: KernelExports[] = [];
  for (let count = kernelStats().idle; count > 0; count--) taken.push(acquireKernel());
  for (const kernel of taken) {
    const bytes = new Uint8Array(kernel.memory.buffer);
    assert.is(bytes.findIndex((byte) => byte !== 0), -1, `${label}: an idle instance holds data`);
  }
  taken.forEach((kernel) => releaseKernel(kernel));
}
