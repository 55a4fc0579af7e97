// One attribution run, driven step by step by occlusion.ts (sync or async, any
// concurrency): reference call -> batches -> finish. Differences are stored per window
// and reduced in window order at the end, so results never depend on how many forward
// calls ran at once or in which order they resolved (DESIGN §3).
import type { NormalizedCall } from "./args.ts";
import { fail } from "./errors.ts";
import { readForwardOutput } from "./forward-output.ts";
import { acquireKernel, releaseKernel, type KernelExports } from "./kernel.ts";
import { KernelSession } from "./kernel-session.ts";
import { copiesOfBatch } from "./plan.ts";
import { checkTargetFits, selectTarget, selectedLength } from "./target.ts";
import type { Tensor } from "./tensor.ts";

export class OcclusionRun {
  private kernel: KernelExports | null = null;
  private session: KernelSession | null = null;
  private reference = new Float32Array(0);
  private referenceShape: number[] = [];
  /** f(input) - f(window occluded), [windows, outputCount], window-major. */
  private differences = new Float32Array(0);

  constructor(private readonly call: NormalizedCall) {}

  get batchCount(): number {
    return this.call.plan.batchCount;
  }

  /** Forward calls of the whole run, the unperturbed one included. */
  get callCount(): number {
    return this.call.plan.batchCount + 1;
  }

  /** Arguments of the unperturbed forward call. */
  referenceArgs(): unknown[] {
    const inputs = this.call.inputData.map((data, index): Tensor => ({ data, shape: this.call.inputs[index].shape }));
    return [...inputs, ...this.call.extraArgs.forCopies(1)];
  }

  /** Reads f(input), selects the target, and lays out kernel memory for the batches. */
  acceptReference(value: unknown, slots: number): void {
    const output = readForwardOutput(value, "the unperturbed call");
    const { plan, target } = this.call;
    if (output.shape.length === 0 && plan.perturbationsPerEval > 1) {
      fail("FORWARD_OUTPUT_SHAPE", "forward returned one number for the whole batch (aggregation mode), which needs " +
        `perturbationsPerEval 1 (got ${plan.perturbationsPerEval}), as in Captum`);
    }
    if (output.shape.length > 0 && output.shape[0] !== plan.batchSize && target.kind === "perExample") {
      fail("FORWARD_OUTPUT_SHAPE", `forward's output has shape [${output.shape}], but a per-example target needs dim 0 = batch size ${plan.batchSize}`);
    }
    checkTargetFits(target, output.shape);
    this.referenceShape = output.shape;
    this.reference = new Float32Array(selectedLength(output.shape, target));
    selectTarget(output, target, plan.batchSize, this.reference, 0);
    this.differences = new Float32Array(plan.windowCount * this.reference.length);
    this.kernel = acquireKernel();
    this.session = new KernelSession(this.kernel, {
      plan, baselines: this.call.baselines, slots, outputCount: this.reference.length, maxMemoryBytes: this.call.maxMemoryBytes,
    });
    this.session.load(this.call.inputData);
  }

  /** Writes batch `batch` into slot `slot` (in place) and returns the forward arguments. */
  batchArgs(slot: number, batch: number): unknown[] {
    const session = this.session!;
    session.writeBatch(slot, batch);
    const copies = copiesOfBatch(this.call.plan, batch);
    const inputs = this.call.inputs.map((raw, index): Tensor => ({
      data: session.batchView(slot, index, copies),
      shape: [raw.shape[0] * copies, ...raw.shape.slice(1)],
    }));
    return [...inputs, ...this.call.extraArgs.forCopies(copies)];
  }

  /** Checks forward's output for batch `batch` and stores its differences from the reference. */
  acceptBatch(batch: number, value: unknown): void {
    const label = `batch ${batch + 1} of ${this.batchCount}`;
    const output = readForwardOutput(value, label);
    const copies = copiesOfBatch(this.call.plan, batch);
    const expected = this.referenceShape.length === 0 ? [] : [this.referenceShape[0] * copies, ...this.referenceShape.slice(1)];
    if (output.shape.length !== expected.length || output.shape.some((size, dim) => size !== expected[dim])) {
      fail("FORWARD_OUTPUT_SHAPE", `forward returned shape [${output.shape}] for ${label} (${copies} perturbation(s) of the batch), ` +
        `expected [${expected}]: the output's dim 0 must grow with the perturbations, and the rest must stay as in the unperturbed call [${this.referenceShape}]`);
    }
    const outputCount = this.reference.length;
    const start = batch * this.call.plan.perturbationsPerEval * outputCount;
    selectTarget(output, this.call.target, this.call.plan.batchSize, this.differences, start);
    for (let copy = 0; copy < copies; copy++) {
      const row = start + copy * outputCount;
      for (let index = 0; index < outputCount; index++) {
        this.differences[row + index] = this.reference[index] - this.differences[row + index];
      }
    }
  }

  /** Attributions, one tensor per input: [outputCount, ...input.shape.slice(1)]. */
  finish(): Tensor[] {
    const { plan } = this.call;
    const outputCount = this.reference.length;
    return plan.geometries.map((geometry, input) => {
      const first = plan.firstWindow[input] * outputCount;
      const differences = this.differences.subarray(first, first + geometry.windowCount * outputCount);
      return { data: this.session!.spread(input, differences), shape: [outputCount, ...geometry.sizes] };
    });
  }

  /** Returns the kernel instance; call only when no forward call can still read its memory. */
  release(): void {
    if (this.kernel) releaseKernel(this.kernel);
    this.kernel = null;
    this.session = null;
  }
}
