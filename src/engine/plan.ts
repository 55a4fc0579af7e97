// What the engine knows of a method: a plan. A plan numbers its perturbations (Occlusion:
// the windows of all inputs; FeatureAblation: the features of all masks), deals them to
// the copies of each forward call, and tells the kernel how a batch copy moves from one
// perturbation to the next and how the differences become attributions. The run loop
// (run.ts), the drivers and the session (wasm/session.ts) see only this interface.
// Differences are stored per perturbation index, [perturbations, rows], and reduced in
// index order, so a run restricted to a range of perturbations could be combined later.
import type { KernelExports } from "../wasm/kernel.ts";
import type { DType } from "../tensor.ts";
import type { CallTable } from "./call-table.ts";

export interface PerturbationPlan {
  readonly batchSize: number;
  /** Perturbations of the whole run; one difference row each. */
  readonly perturbationCount: number;
  readonly perturbationsPerEval: number;
  /** The most perturbations one forward call holds: batch buffers hold this many copies. */
  readonly copiesPerCall: number;
  /** Perturbed forward calls (the unperturbed one not counted). */
  readonly batchCount: number;
  /** Non-batch sizes of each input. */
  readonly inputSizes: readonly (readonly number[])[];
  /** How many copies forward call `batch` holds: perturbationsPerEval, or fewer in the last call. */
  copiesOf(batch: number): number;
  /** The perturbation copy `copy` of call `batch` holds, or -1 (no such call or copy). */
  perturbationOf(batch: number, copy: number): number;
  /**
   * Set when the run's calls are listed (engine/call-table.ts): a shard, a resume or another
   * order (engine/schedule.ts), or perturbationsPerEval "auto"; batchCount, copiesOf and
   * perturbationOf follow it. Null: every perturbation, dealt by the rule in engine/deal.ts.
   */
  readonly calls: CallTable | null;
  /** The same plan dealt through `calls`, its batch buffers holding calls.maxCopies copies; `perturbationsPerEval` is what the run reports and checks (default: calls.maxCopies). */
  withCalls(calls: CallTable, perturbationsPerEval?: number): PerturbationPlan;
  /** For order "coarse-to-fine": the pending perturbations grouped in passes, each spread over the input (default: by index bits). */
  passes?(pending: (perturbation: number) => boolean): Int32Array[];
  /** What besides inputs, baselines and target decides the differences (Occlusion: windows and strides), for the fingerprint. */
  identity(): unknown;
  /** Rejects an output row count the method cannot attribute (checked after the unperturbed call). */
  checkRows(rows: number, outputShape: number[]): void;
  /** The kernel side of the plan, for one run. */
  readonly kernel: PlanKernel;
}

/** Where one input's copies of a slot live, and what a perturbed element becomes. */
export interface MoveTarget {
  input: number;
  slot: number;
  inputPtr: number;
  /** Expanded tensor baseline, or 0 for a scalar one. */
  baselinePtr: number;
  baselineValue: number;
  /** Copy 0 of this input in the slot; copies follow each other, `copyBytes` apart. */
  copiesPtr: number;
  copyBytes: number;
}

export interface PlanKernel {
  /** Bytes of the plan's own regions (geometry, runs, per-slot state) for `slots` batch buffers. */
  fixedBytes(slots: number): number;
  /**
   * Writes the plan's regions at `base` (aligned), once per run, before any batch. The
   * kernel moves 32-bit words: an int64 input's element is two of them.
   */
  load(kernel: KernelExports, base: number, slots: number, dtypes: readonly DType[]): void;
  /** A slot was refilled with plain inputs: forget what its copies held. */
  resetSlot(kernel: KernelExports, slot: number): void;
  /** Moves the copies of one input in a slot from call `heldBatch` (-1: plain inputs) to call `batch`, in place. */
  move(kernel: KernelExports, target: MoveTarget, heldBatch: number, batch: number): void;
  /** Scratch bytes the end-of-run spread of any input needs with `rows` output values. */
  spreadBytes(rows: number): number;
  /**
   * Turns the run's differences ([perturbations, rows]) into input `input`'s attributions
   * [rows, ...sizes], using the work region at `workPtr`; returns a JS-owned copy.
   */
  spread(kernel: KernelExports, input: number, differences: Float32Array, rows: number, workPtr: number, nonFinite: boolean): Float32Array;
}
