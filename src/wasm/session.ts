// The one place that moves data in and out of wasm memory during a run. It lays out
// every region once, before the first perturbed batch, and grows memory only then, so
// no view handed to forward is ever detached mid-run (DESIGN §3):
//   plan regions | broadcast scratch | inputs | expanded tensor baselines | work
// The work region holds the batch buffers (slots x copies x inputs) while forward
// calls run, and is reused at the end for the plan's spread. A slot is replicated from
// the inputs once; after that each batch only moves its copies from one perturbation to
// the next, as the plan's kernel side says (engine/plan.ts).
import type { Baseline } from "../methods/baselines.ts";
import { fail } from "../errors.ts";
import type { KernelExports } from "./kernel.ts";
import { WASM_PAGE_BYTES, alignUp } from "./layout.ts";
import { checkWasmBytes, formatBytes } from "../engine/limits.ts";
import type { PerturbationPlan } from "../engine/plan.ts";
import { DTYPE_BYTES, product, type DType, type InputArray } from "../tensor.ts";

const VIEWS = { float32: Float32Array, int32: Int32Array, int64: BigInt64Array } as const;

export interface SessionSpec {
  plan: PerturbationPlan;
  baselines: Baseline[];
  /** Each input's element type: batches are built in it, bit for bit (int64 as pairs of 32-bit words). */
  dtypes: DType[];
  /** Batch buffers kept at once (one per forward call in flight). */
  slots: number;
  maxMemoryBytes: number;
}

interface InputRegions {
  sizes: readonly number[];
  inputPtr: number;
  baselinePtr: number;
  /** Bytes of one batch copy of this input: batchSize examples. */
  copyBytes: number;
  /** Offset of copy 0 of this input inside a slot. */
  slotOffset: number;
}

/**
 * Bytes a run needs with `rows` output values: its fixed regions plus the larger of the
 * batch buffers and the end-of-run scratch. With heapBase 0 and rows 1 it is a lower
 * bound that the methods check before reading any data.
 */
export function sessionBytes(spec: SessionSpec, heapBase: number, rows: number): number {
  const plan = layout(spec, heapBase);
  return plan.workPtr + Math.max(plan.slotBytes * spec.slots, spec.plan.kernel.spreadBytes(rows));
}

function layout(spec: SessionSpec, heapBase: number) {
  const { plan } = spec;
  const planPtr = alignUp(heapBase);
  const broadcastPtr = alignUp(planPtr + plan.kernel.fixedBytes(spec.slots));
  const maxRank = Math.max(...plan.inputSizes.map((sizes) => sizes.length)) + 2; // the batch dim, and an int64 element's two words
  let at = alignUp(broadcastPtr + maxRank * 8);
  let slotBytes = 0;
  const regions: InputRegions[] = plan.inputSizes.map((sizes, index) => {
    const copyBytes = plan.batchSize * product(sizes as number[]) * DTYPE_BYTES[spec.dtypes[index]];
    const inputPtr = at;
    at = alignUp(at + copyBytes);
    let baselinePtr = 0;
    if (spec.baselines[index].kind === "tensor") {
      baselinePtr = at;
      at = alignUp(at + copyBytes);
    }
    const slotOffset = slotBytes;
    slotBytes += alignUp(copyBytes * plan.copiesPerCall);
    return { sizes, inputPtr, baselinePtr, copyBytes, slotOffset };
  });
  // A raw tensor baseline is staged in the work region before it is expanded; it is
  // never larger than its input, so one slot (at least one batch copy) holds it.
  return { regions, slotBytes, workPtr: at, planPtr, broadcastPtr };
}

export class KernelSession {
  private readonly regions: InputRegions[];
  private readonly slotBytes: number;
  private readonly workPtr: number;
  private readonly planPtr: number;
  private readonly broadcastPtr: number;
  private rows = 0;
  /** Per slot: the batch its copies hold, -1 for none (replicated inputs), NaN before replication. */
  private readonly slotBatch: number[];
  /** Per slot and input: the view of all copiesPerCall copies, made once batches start (memory no longer grows). */
  private readonly views: InputArray[][];
  /** End of the bytes this run may have left data in: releaseKernel clears [0, writtenEnd) (the pool's instances are all zeros). */
  private writtenEnd: number;

  /** Lays out and grows memory for inputs, baselines and batch buffers; before any forward call. */
  constructor(private readonly kernel: KernelExports, private readonly spec: SessionSpec) {
    const plan = layout(spec, kernel.heapBase());
    this.regions = plan.regions;
    this.slotBytes = plan.slotBytes;
    this.workPtr = plan.workPtr;
    this.planPtr = plan.planPtr;
    this.broadcastPtr = plan.broadcastPtr;
    this.growTo(plan.workPtr + plan.slotBytes * spec.slots, "for its inputs and batches");
    this.slotBatch = new Array(spec.slots).fill(NaN);
    this.views = Array.from({ length: spec.slots }, () => []);
    this.writtenEnd = plan.workPtr;
    this.kernel.takeMismatch(); // a pooled instance may carry the flag of a failed earlier run
  }

  /** After the unperturbed call, before any batch: room for the end-of-run scratch of `rows` outputs. */
  reserveFinish(rows: number): void {
    this.growTo(this.workPtr + Math.max(this.slotBytes * this.spec.slots, this.spec.plan.kernel.spreadBytes(rows)), "to combine the differences");
    this.rows = rows;
  }

  // Growing detaches views; this runs only before a batch view has been handed out.
  private growTo(total: number, when: string): void {
    checkWasmBytes(total, this.spec.maxMemoryBytes, when);
    const missing = total - this.kernel.memory.buffer.byteLength;
    try {
      if (missing > 0) this.kernel.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    } catch (error) {
      fail("MEMORY_LIMIT", `the engine refused to grow wasm memory to ${formatBytes(total)} for this run`, error);
    }
  }

  private f32(): Float32Array {
    return new Float32Array(this.kernel.memory.buffer);
  }

  /** Copies the inputs and the plan's regions in, and expands tensor baselines to full input shape. */
  load(inputs: InputArray[]): void {
    this.spec.plan.kernel.load(this.kernel, this.planPtr, this.spec.slots, this.spec.dtypes);
    const bytes = new Uint8Array(this.kernel.memory.buffer);
    this.regions.forEach((region, index) => {
      const data = inputs[index];
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), region.inputPtr);
      const baseline = this.spec.baselines[index];
      if (baseline.kind === "tensor") this.expandBaseline(region, baseline, this.spec.dtypes[index]);
    });
  }

  private expandBaseline(region: InputRegions, baseline: Extract<Baseline, { kind: "tensor" }>, dtype: DType): void {
    // The kernel broadcasts 32-bit words: an int64 element is two, a trailing dimension of size 2.
    const wide = dtype === "int64";
    const shape = [this.spec.plan.batchSize, ...region.sizes, ...(wide ? [2] : [])];
    const strides = wide ? [...baseline.sourceStrides.map((stride) => stride * 2), 1] : baseline.sourceStrides;
    const shapePtr = this.broadcastPtr;
    const stridesPtr = shapePtr + shape.length * 4;
    const ints = new Int32Array(this.kernel.memory.buffer);
    ints.set(shape, shapePtr / 4);
    ints.set(strides, stridesPtr / 4);
    // The raw baseline is staged in the work region, which no batch uses yet.
    const stagedEnd = this.workPtr + baseline.data.length * (wide ? 8 : 4);
    this.writtenEnd = Math.max(this.writtenEnd, stagedEnd);
    if (dtype === "float32") {
      const data = baseline.data instanceof BigInt64Array || baseline.data instanceof BigUint64Array
        ? Float64Array.from(baseline.data, Number) : (baseline.data as ArrayLike<number>);
      this.f32().set(data, this.workPtr / 4);
      const nonFinite = this.kernel.countNonFinite(this.workPtr, data.length);
      if (nonFinite > 0) {
        fail("INVALID_BASELINE", `${baseline.name} holds ${nonFinite} NaN or infinite value(s) (as float32); baselines must be finite`);
      }
    } else {
      // Integer baselines were made of the input's type (methods/integer-baselines.ts).
      const data = baseline.data as Int32Array | BigInt64Array;
      new Uint8Array(this.kernel.memory.buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), this.workPtr);
    }
    this.kernel.expandBroadcast(this.workPtr, region.baselinePtr, shapePtr, stridesPtr, shape.length);
    // Cleared at once: the batch copies need not cover every byte the staged baseline took.
    new Uint8Array(this.kernel.memory.buffer).fill(0, this.workPtr, stagedEnd);
  }

  private copyPtr(slot: number, input: number, copy: number): number {
    const region = this.regions[input];
    return this.workPtr + slot * this.slotBytes + region.slotOffset + copy * region.copyBytes;
  }

  /** Makes the copies of `slot` hold batch `batch` (copy c: plan.perturbationOf(batch, c)), in place. */
  writeBatch(slot: number, batch: number): void {
    if (Number.isNaN(this.slotBatch[slot])) this.fillSlot(slot);
    const held = this.slotBatch[slot];
    if (held === batch) return;
    this.regions.forEach((region, input) => {
      const baseline = this.spec.baselines[input];
      this.spec.plan.kernel.move(this.kernel, {
        input, slot, inputPtr: region.inputPtr,
        baselinePtr: baseline.kind === "tensor" ? region.baselinePtr : 0,
        baselineValue: baseline.kind === "scalar" ? baseline.value : 0,
        copiesPtr: this.copyPtr(slot, input, 0), copyBytes: region.copyBytes,
      }, held, batch);
    });
    this.slotBatch[slot] = batch;
  }

  /**
   * After the last forward call (none in flight): true when no word of a batch buffer
   * was changed by anyone but the kernel. Every move compares the words it overwrites with
   * what they must hold (the kernel's sticky flag, assembly/shared/replace.ts); here each
   * slot is moved back to the plain inputs (compared the same way), and then every copy
   * must equal its input word for word (kernel clearSameCopies). Once per run: one pass
   * over each batch buffer, which reads it and leaves it zero, so that releasing the
   * instance clears only the regions before the batches and the end-of-run scratch.
   */
  batchesIntact(): boolean {
    for (let slot = 0; slot < this.spec.slots; slot++) {
      if (Number.isNaN(this.slotBatch[slot])) continue;
      this.writeBatch(slot, -1);
      for (const [input, region] of this.regions.entries()) {
        if (this.kernel.clearSameCopies(region.inputPtr, this.copyPtr(slot, input, 0), region.copyBytes, this.spec.plan.copiesPerCall) !== 1) return false;
      }
      this.slotBatch[slot] = NaN;
    }
    this.writtenEnd = this.workPtr; // every slot filled is zero again
    return this.kernel.takeMismatch() === 0;
  }

  /** Fills every copy of `slot` with the inputs; the plan forgets what the copies held. */
  private fillSlot(slot: number): void {
    this.regions.forEach((region, input) => {
      this.kernel.replicate(region.inputPtr, this.copyPtr(slot, input, 0), region.copyBytes, this.spec.plan.copiesPerCall);
    });
    this.spec.plan.kernel.resetSlot(this.kernel, slot);
    this.slotBatch[slot] = -1;
    this.writtenEnd = Math.max(this.writtenEnd, this.workPtr + (slot + 1) * this.slotBytes);
  }

  /** The first `copies` batch copies of one input in a slot, as handed to forward. Valid until the run ends. */
  batchView(slot: number, input: number, copies: number): InputArray {
    const region = this.regions[input];
    const { copiesPerCall } = this.spec.plan;
    const dtype = this.spec.dtypes[input];
    const elementBytes = DTYPE_BYTES[dtype];
    const full = (this.views[slot][input] ??= new VIEWS[dtype](this.kernel.memory.buffer, this.copyPtr(slot, input, 0), (copiesPerCall * region.copyBytes) / elementBytes));
    return copies === copiesPerCall ? full : full.subarray(0, (copies * region.copyBytes) / elementBytes);
  }

  /** Bytes from 0 that may hold this run's data (kernel.ts releaseKernel clears just those). */
  writtenBytes(): number {
    return this.writtenEnd;
  }

  /** After the last forward call: one input's attributions [rows, ...example], as a JS-owned copy. */
  spread(input: number, differences: Float32Array, nonFinite: boolean): Float32Array {
    this.slotBatch.fill(NaN); // the work region no longer holds batches
    this.writtenEnd = Math.max(this.writtenEnd, this.workPtr + this.spec.plan.kernel.spreadBytes(this.rows));
    return this.spec.plan.kernel.spread(this.kernel, input, differences, this.rows, this.workPtr, nonFinite);
  }
}
