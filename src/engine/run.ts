// One attribution run of any method's plan (engine/plan.ts), driven step by step by the
// drivers (sync or async, any concurrency): reference call -> batches -> finish.
// Differences are stored per perturbation and reduced in perturbation order at the end, so results never depend on how many forward
// calls ran at once or in which order they resolved (DESIGN §3).
import type { NormalizedCall } from "./call.ts";
import { OcclusionError, fail, listText } from "../errors.ts";
import { readForwardOutput } from "./forward-output.ts";
import { acquireKernel, releaseKernel, type KernelExports } from "../wasm/kernel.ts";
import { KernelSession } from "../wasm/session.ts";
import { checkDifferencesBytes, memoryLimit } from "./limits.ts";
import { checkTargetFits, selectTarget, selectedLength } from "./target.ts";
import type { InputArray, Tensor } from "../tensor.ts";
import type { OcclusionPartial } from "./partial.ts";
import { PartialTracker } from "./partial-tracker.ts";
import type { PerturbationPlan } from "./plan.ts";
import { AutoBatching, DONE } from "./auto-batch.ts";

export { DONE, WAIT } from "./auto-batch.ts";

export class AttributionRun {
  private kernel: KernelExports | null = null;
  private session: KernelSession | null = null;
  private reference = new Float32Array(0);
  private referenceShape: number[] = [];
  /** The selected outputs of the batch being accepted, [copies, outputCount]. */
  private selected = new Float32Array(0);
  /** f(input) - f(perturbed), [perturbations, outputCount], perturbation-major. */
  private differences = new Float32Array(0);
  /** Set when a difference is NaN or ±Infinity: finish then applies Captum's rule for them. */
  private nonFinite = false;

  /** Which perturbations are done, for onPartial, error.partial, shards and resumes. */
  private readonly tracker: PartialTracker;
  /** The plan as this run deals it: the call's, or for "auto" the same plan over the run's own call table. */
  private plan: PerturbationPlan;
  /** perturbationsPerEval "auto": what measures the first calls and deals the rest (set in prepare). */
  private auto: AutoBatching | null = null;
  private nextBatchIndex = 0;

  constructor(private readonly call: NormalizedCall) {
    this.tracker = new PartialTracker(call);
    this.plan = call.plan;
  }

  /** Perturbed forward calls: exact for a fixed size; for "auto" an estimate until the size is settled. */
  get batchCount(): number {
    return this.auto ? this.auto.callCount : this.plan.batchCount;
  }

  /** The most perturbed calls the run can make (for the number of batch buffers). */
  get maxCalls(): number {
    return this.call.auto ? this.call.auto.lists.reduce((sum, list) => sum + list.length, 0) : this.plan.batchCount;
  }

  /** Forward calls of the whole run, the unperturbed one included. */
  get callCount(): number {
    return this.batchCount + 1;
  }

  /** Perturbations per call: the fixed size, the one "auto" settled on, or undefined while it measures. */
  get perturbationsPerEval(): number | undefined {
    return this.call.auto ? (this.auto?.chosen ?? undefined) : this.plan.perturbationsPerEval;
  }

  /** What progress events carry besides `done`. */
  progressState(): { total: number; perturbationsPerEval?: number } {
    const size = this.perturbationsPerEval;
    return size === undefined ? { total: this.callCount } : { total: this.callCount, perturbationsPerEval: size };
  }

  /** The next perturbed call to start; WAIT while "auto" needs the calls in flight to finish first; DONE after the last. */
  nextBatch(): number {
    if (this.auto) return this.auto.next();
    return this.nextBatchIndex < this.plan.batchCount ? this.nextBatchIndex++ : DONE;
  }

  /** Arguments of the unperturbed forward call. */
  referenceArgs(): unknown[] {
    // Copies: forward must never receive (and so never write) the caller's own arrays.
    const inputs = this.call.inputData.map((data, index): Tensor<InputArray> => ({ data: data.slice() as InputArray, shape: [...this.call.inputs[index].shape] }));
    return [...inputs, ...this.call.extraArgs.forCopies(1)];
  }

  /**
   * Before the unperturbed call: takes a kernel instance, lays out and grows its memory
   * for `slots` batch buffers (MEMORY_LIMIT), and loads inputs and baselines (a
   * non-finite tensor baseline is rejected here, before forward is ever called).
   */
  prepare(slots: number): void {
    if (this.call.auto) {
      this.auto = new AutoBatching(this.call.auto.lists, this.call.auto.sizes, slots);
      this.plan = this.call.plan.withCalls(this.auto.table);
    }
    const { baselines, dtypes, maxMemoryBytes } = this.call;
    const { plan } = this;
    // A pooled instance an earlier run grew beyond this run's limit is not taken.
    this.kernel = acquireKernel(memoryLimit(maxMemoryBytes));
    this.session = new KernelSession(this.kernel, { plan, baselines, dtypes, slots, maxMemoryBytes });
    this.session.load(this.call.inputData);
  }

  /** Reads f(input), selects the target, and reserves memory for combining differences. */
  acceptReference(value: unknown): void {
    const output = readForwardOutput(value, "the unperturbed call");
    const { target } = this.call;
    const { plan } = this;
    // Aggregation mode (one number per call) needs calls of one perturbation: "auto" settles on 1.
    if (output.shape.length === 0) this.auto?.settle(1);
    if (output.shape.length === 0 && !this.auto && plan.perturbationsPerEval > 1) {
      fail("FORWARD_OUTPUT_SHAPE", "forward returned one number for the whole batch (aggregation mode), which needs " +
        `perturbationsPerEval 1 (got ${plan.perturbationsPerEval}), as in Captum`);
    }
    if (output.shape.length > 0 && output.shape[0] !== plan.batchSize && target.kind === "perExample") {
      fail("FORWARD_OUTPUT_SHAPE", `forward's output has shape ${listText(output.shape)}, but a per-example target needs dim 0 = batch size ${plan.batchSize}`);
    }
    checkTargetFits(target, output.shape);
    const rows = selectedLength(output.shape, target);
    plan.checkRows(rows, output.shape);
    // Both limits are checked before the differences array is allocated.
    checkDifferencesBytes(plan.perturbationCount, rows);
    this.session!.reserveFinish(rows);
    this.referenceShape = output.shape;
    this.reference = new Float32Array(rows);
    selectTarget(output, target, plan.batchSize, this.reference, 0);
    this.differences = new Float32Array(plan.perturbationCount * rows);
    this.selected = new Float32Array(plan.copiesPerCall * rows);
    this.nonFinite = this.tracker.start(this.differences, rows, output.shape);
  }

  /** Writes batch `batch` into slot `slot` (in place) and returns the forward arguments. */
  batchArgs(slot: number, batch: number): unknown[] {
    const session = this.session!;
    this.auto?.callStarted();
    session.writeBatch(slot, batch);
    const copies = this.plan.copiesOf(batch);
    const inputs = this.call.inputs.map((raw, index): Tensor<InputArray> => ({
      data: session.batchView(slot, index, copies),
      shape: [raw.shape[0] * copies, ...raw.shape.slice(1)],
    }));
    return [...inputs, ...this.call.extraArgs.forCopies(copies)];
  }

  /** Checks forward's output for batch `batch` and stores its differences from the reference. */
  acceptBatch(batch: number, value: unknown): void {
    const label = `batch ${batch + 1} of ${this.batchCount}`;
    const output = readForwardOutput(value, label);
    const copies = this.plan.copiesOf(batch);
    const expected = this.referenceShape.length === 0 ? [] : [this.referenceShape[0] * copies, ...this.referenceShape.slice(1)];
    if (output.shape.length !== expected.length || output.shape.some((size, dim) => size !== expected[dim])) {
      fail("FORWARD_OUTPUT_SHAPE", `forward returned shape ${listText(output.shape)} for ${label} (${copies} perturbation(s) of the batch), ` +
        `expected ${listText(expected)}: the output's dim 0 must grow with the perturbations, and the rest must stay as in the unperturbed call ${listText(this.referenceShape)}` +
        (this.auto && copies > 1 ? AUTO_HINT : ""));
    }
    const { reference, selected, differences } = this;
    const outputCount = reference.length;
    const { plan } = this;
    selectTarget(output, this.call.target, plan.batchSize, selected, 0);
    let nonFinite = false;
    for (let copy = 0; copy < copies; copy++) {
      const perturbation = plan.perturbationOf(batch, copy);
      this.tracker.mark(perturbation);
      for (let index = 0, at = perturbation * outputCount, from = copy * outputCount; index < outputCount; index++, at++, from++) {
        differences[at] = reference[index] - selected[from];
        // Checked as stored (read back as float32): a finite difference may overflow to Infinity.
        const stored = differences[at];
        nonFinite ||= stored - stored !== 0; // NaN or ±Infinity
      }
    }
    if (nonFinite) this.nonFinite = true;
    this.auto?.callSettled();
    this.tracker.notify(false);
  }

  /** The run's result: attributions, or for attributePartial the record of its perturbations. */
  end(): Tensor[] | OcclusionPartial {
    // Every forward call has settled: a batch buffer that differs from a rebuild of the batch it holds was written by forward.
    if (!this.session!.batchesIntact()) {
      fail("FORWARD_WROTE_INPUT", "forward wrote into its input batch: the batch tensors are read-only views of the engine's memory, " +
        "and later batches are built from them in place, so the differences cannot be trusted; copy the data first (e.g. t.data.slice()) if the model writes into its input");
    }
    if (!this.call.longRun.asPartial) return this.finish();
    this.tracker.notify(true);
    return this.tracker.snapshot()!;
  }

  /** An OcclusionError that ends the run carries what was done (error.partial), to resume from. */
  withPartial(error: unknown): unknown {
    if (error instanceof OcclusionError && error.code === "FORWARD_FAILED" && this.auto && this.auto.table.count > 0 && this.auto.currentSize > 1) {
      error.message += AUTO_HINT;
    }
    if (error instanceof OcclusionError && error.partial === undefined) {
      const partial = this.tracker.snapshot();
      if (partial) error.partial = partial;
    }
    return error;
  }

  /** Attributions, one tensor per input: [outputCount, ...input.shape.slice(1)]. */
  finish(): Tensor[] {
    this.tracker.notify(true);
    const outputCount = this.reference.length;
    return this.plan.inputSizes.map((sizes, input) => ({
      data: this.session!.spread(input, this.differences, this.nonFinite),
      shape: [outputCount, ...sizes],
    }));
  }

  /** Returns the kernel instance (reuse only when no forward call can still read its memory). */
  release(reuse = true): void {
    if (this.kernel) releaseKernel(this.kernel, reuse, this.session?.writtenBytes());
    this.kernel = null;
    this.session = null;
  }
}

const AUTO_HINT = ' (perturbationsPerEval "auto" tries batches of several perturbations: a model with a fixed batch dimension needs a fixed size)';

/** The first-round name of the run. */
export { AttributionRun as OcclusionRun };
