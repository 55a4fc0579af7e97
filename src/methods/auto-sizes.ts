// perturbationsPerEval "auto", before any work: which candidate sizes (engine/auto-batch.ts)
// this run may use. A size is kept when the run's batch buffers at that size (one per
// forward call in flight) fit maxMemoryBytes and WebAssembly's 4 GiB with the kernel's own
// data on top, and when additionalForwardArgs repeated for a call of that size fit 4 GiB.
// The plan is laid out for the largest size kept.
import { AUTO_SIZES } from "../engine/auto-batch.ts";
import { CallTable } from "../engine/call-table.ts";
import { memoryLimit } from "../engine/limits.ts";
import { tiledBytes } from "../engine/extra-args.ts";
import type { PerturbationPlan } from "../engine/plan.ts";
import { WASM_MAX_BYTES } from "../wasm/layout.ts";
import { sessionBytes, type SessionSpec } from "../wasm/session.ts";

/** Room left for the kernel's data and stack below the run's regions (its heap base). */
const HEAP_MARGIN = 256 * 1024;

export interface AutoSizes {
  /** The sizes to try, ascending; at least [1]. */
  sizes: number[];
  /** The plan dealt through a call table of the largest size: its batch buffers' layout. */
  plan: PerturbationPlan;
}

export function autoSizes(plan: PerturbationPlan, pending: number, spec: Omit<SessionSpec, "plan" | "slots">, concurrency: number, extraArgs: unknown): AutoSizes {
  const fitting = AUTO_SIZES.filter((size) => size === 1 || size <= pending);
  const planOf = (size: number) => plan.withCalls(new CallTable(pending, Math.max(1, Math.min(size, pending))));
  const fits = (size: number) => {
    const sized = planOf(size);
    // As many buffers as the async driver makes: one per call in flight, up to one per perturbation.
    const slots = Math.max(1, Math.min(concurrency, pending));
    return sessionBytes({ ...spec, plan: sized, slots }, HEAP_MARGIN, 1) <= memoryLimit(spec.maxMemoryBytes) &&
      tiledBytes(extraArgs, size) <= WASM_MAX_BYTES;
  };
  const sizes = fitting.filter((size) => size === 1 || fits(size));
  return { sizes, plan: planOf(sizes[sizes.length - 1]) };
}
