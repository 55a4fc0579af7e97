// Spreads differences into attributions outside a run — a partial's map while batches
// still occupy the run's own kernel instance, and mergePartials — with the plan's own
// kernel side (PlanKernel.load / spread) on a borrowed pooled instance.
import { acquireKernel, releaseKernel } from "../wasm/kernel.ts";
import { WASM_PAGE_BYTES, alignUp } from "../wasm/layout.ts";
import { CallTable } from "./call-table.ts";
import { checkWasmBytes } from "./limits.ts";
import type { PerturbationPlan } from "./plan.ts";

/** Attributions of every input, [rows, ...sizes] each, from differences [perturbations, rows]; the kernel must be loaded. */
export function spreadOutside(runPlan: PerturbationPlan, differences: Float32Array, rows: number, nonFinite: boolean): Float32Array[] {
  // A fresh plan object: its kernel side keeps pointers of its own, not those of a run in progress.
  const plan = runPlan.withCalls(new CallTable(0, 0));
  const kernel = acquireKernel();
  try {
    const base = alignUp(kernel.heapBase());
    const workPtr = alignUp(base + plan.kernel.fixedBytes(0));
    const end = workPtr + plan.kernel.spreadBytes(rows);
    checkWasmBytes(end, Infinity, "to combine the differences");
    const missing = end - kernel.memory.buffer.byteLength;
    if (missing > 0) kernel.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    plan.kernel.load(kernel, base, 0, plan.inputSizes.map(() => "float32"));
    return plan.inputSizes.map((_, input) => plan.kernel.spread(kernel, input, differences, rows, workPtr, nonFinite));
  } finally {
    releaseKernel(kernel);
  }
}
