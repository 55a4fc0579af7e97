// The one place that moves data in and out of wasm memory during a run. It lays out
// every region once, before the first perturbed batch, and grows memory only then, so
// no view handed to forward is ever detached mid-run (DESIGN §3):
//   geometry | broadcast scratch | window jobs + scratch | box records | inputs | expanded tensor baselines | work
// The work region holds the batch buffers (slots x copies x inputs) while forward
// calls run, and is reused at the end for differences, attributions and f64 scratch.
// A slot is replicated from the inputs once; after that each batch only moves windows:
// copy c of a slot goes from the window it held to the one it needs (kernel updateWindows).
import type { Baseline } from "../methods/baselines.ts";
import { fail } from "../errors.ts";
import type { KernelExports } from "./kernel.ts";
import { BOX_RECORD_FIELDS, GEOMETRY_FIELDS, WASM_PAGE_BYTES, WINDOW_SCRATCH_FIELDS, alignUp } from "./layout.ts";
import { checkWasmBytes, formatBytes } from "../engine/limits.ts";
import { copiesOfBatch, windowOf, type InputGeometry, type Plan } from "../methods/window-plan.ts";

export interface SessionSpec {
  plan: Plan;
  baselines: Baseline[];
  /** Batch buffers kept at once (one per forward call in flight). */
  slots: number;
  maxMemoryBytes: number;
}

interface InputRegions {
  geometry: InputGeometry;
  geometryPtr: number;
  scratchPtr: number;
  inputPtr: number;
  baselinePtr: number;
  /** Bytes of one batch copy of this input: batchSize examples. */
  copyBytes: number;
  /** Offset of copy 0 of this input inside a slot. */
  slotOffset: number;
  /** Offset of this input's box records inside a slot's block of them. */
  boxesOffset: number;
}

/**
 * Bytes a run needs with `rows` output values: its fixed regions plus the larger of the
 * batch buffers and the end-of-run scratch. With heapBase 0 and rows 1 it is a lower
 * bound that args.ts checks before reading any data.
 */
export function sessionBytes(spec: SessionSpec, heapBase: number, rows: number): number {
  const plan = layout(spec, heapBase);
  return plan.workPtr + Math.max(plan.slotBytes * spec.slots, finishBytes(spec.plan, rows));
}

function layout(spec: SessionSpec, heapBase: number) {
  const { plan } = spec;
  let at = alignUp(heapBase);
  const regions: InputRegions[] = plan.geometries.map((geometry) => {
    const rank = geometry.sizes.length;
    const geometryPtr = at;
    const scratchPtr = alignUp(geometryPtr + rank * GEOMETRY_FIELDS * 4);
    at = alignUp(scratchPtr + (rank + 1) * 8);
    return { geometry, geometryPtr, scratchPtr, inputPtr: 0, baselinePtr: 0, copyBytes: plan.batchSize * geometry.exampleLength * 4, slotOffset: 0, boxesOffset: 0 };
  });
  // One (held, needed) i32 pair per batch copy, and updateWindows' scratch for the largest rank.
  const jobPtr = at;
  const windowScratchPtr = alignUp(jobPtr + plan.copiesPerCall * 8);
  const maxRank = Math.max(1, ...plan.geometries.map((geometry) => geometry.sizes.length));
  at = alignUp(windowScratchPtr + maxRank * WINDOW_SCRATCH_FIELDS * 4);
  // Per slot and input, a box record per batch copy: updateWindows keeps the box each copy
  // holds there, so it is stepped to the next window instead of decoded again.
  let boxesSlotBytes = 0;
  regions.forEach((region) => {
    region.boxesOffset = boxesSlotBytes;
    boxesSlotBytes += alignUp(plan.copiesPerCall * (BOX_RECORD_FIELDS * region.geometry.sizes.length + 1) * 4);
  });
  const boxesPtr = at;
  at = alignUp(at + boxesSlotBytes * spec.slots);
  let slotBytes = 0;
  regions.forEach((region, index) => {
    region.inputPtr = at;
    at = alignUp(at + region.copyBytes);
    if (spec.baselines[index].kind === "tensor") {
      region.baselinePtr = at;
      at = alignUp(at + region.copyBytes);
    }
    region.slotOffset = slotBytes;
    slotBytes += alignUp(region.copyBytes * plan.copiesPerCall);
  });
  // A raw tensor baseline is staged in the work region before it is expanded; it is
  // never larger than its input, so one slot (at least one batch copy) holds it.
  return { regions, slotBytes, workPtr: at, jobPtr, windowScratchPtr, boxesPtr, boxesSlotBytes };
}

function finishBytes(plan: Plan, rows: number): number {
  return Math.max(...plan.geometries.map((geometry) => {
    const coverage = geometry.sizes.reduce((sum, size) => sum + size, 0);
    return alignUp(geometry.windowCount * rows * 4) + alignUp(rows * geometry.exampleLength * 4) +
      2 * alignUp(geometry.exampleLength * 8) + alignUp(coverage * 8 + geometry.sizes.length * 8);
  }));
}

export class KernelSession {
  private readonly regions: InputRegions[];
  private readonly slotBytes: number;
  private readonly workPtr: number;
  private readonly jobPtr: number;
  private readonly windowScratchPtr: number;
  private readonly boxesPtr: number;
  private readonly boxesSlotBytes: number;
  private rows = 0;
  /** Per slot: the batch its copies hold, -1 for none (replicated inputs), NaN before replication. */
  private readonly slotBatch: number[];
  /** Per slot and input: the view of all copiesPerCall copies, made once batches start (memory no longer grows). */
  private readonly views: Float32Array[][];

  /** Lays out and grows memory for inputs, baselines and batch buffers; before any forward call. */
  constructor(private readonly kernel: KernelExports, private readonly spec: SessionSpec) {
    const plan = layout(spec, kernel.heapBase());
    this.regions = plan.regions;
    this.slotBytes = plan.slotBytes;
    this.workPtr = plan.workPtr;
    this.jobPtr = plan.jobPtr;
    this.windowScratchPtr = plan.windowScratchPtr;
    this.boxesPtr = plan.boxesPtr;
    this.boxesSlotBytes = plan.boxesSlotBytes;
    this.growTo(plan.workPtr + plan.slotBytes * spec.slots, "for its inputs and batches");
    this.slotBatch = new Array(spec.slots).fill(NaN);
    this.views = Array.from({ length: spec.slots }, () => []);
  }

  /** After the unperturbed call, before any batch: room for the end-of-run scratch of `rows` outputs. */
  reserveFinish(rows: number): void {
    this.growTo(this.workPtr + Math.max(this.slotBytes * this.spec.slots, finishBytes(this.spec.plan, rows)), "to combine the differences");
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

  /** Copies the inputs and geometry in, and expands tensor baselines to full input shape. */
  load(inputs: ArrayLike<number>[]): void {
    const heap = this.f32();
    const ints = new Int32Array(this.kernel.memory.buffer);
    this.regions.forEach((region, index) => {
      const { geometry } = region;
      geometry.sizes.forEach((size, dim) => {
        ints.set([size, geometry.window[dim], geometry.strides[dim], geometry.shifts[dim]], region.geometryPtr / 4 + dim * GEOMETRY_FIELDS);
      });
      heap.set(inputs[index], region.inputPtr / 4);
      const baseline = this.spec.baselines[index];
      if (baseline.kind === "tensor") this.expandBaseline(region, baseline, heap, ints);
    });
  }

  private expandBaseline(region: InputRegions, baseline: Extract<Baseline, { kind: "tensor" }>, heap: Float32Array, ints: Int32Array): void {
    const shape = [this.spec.plan.batchSize, ...region.geometry.sizes];
    const stridesPtr = region.scratchPtr + shape.length * 4;
    ints.set(shape, region.scratchPtr / 4);
    ints.set(baseline.sourceStrides, stridesPtr / 4);
    // The raw baseline is staged in the work region, which no batch uses yet.
    const data = baseline.data instanceof BigInt64Array || baseline.data instanceof BigUint64Array
      ? Float64Array.from(baseline.data, Number) : (baseline.data as ArrayLike<number>);
    heap.set(data, this.workPtr / 4);
    const nonFinite = this.kernel.countNonFinite(this.workPtr, data.length);
    if (nonFinite > 0) {
      fail("INVALID_BASELINE", `${baseline.name} holds ${nonFinite} NaN or infinite value(s) (as float32); baselines must be finite`);
    }
    this.kernel.expandBroadcast(this.workPtr, region.baselinePtr, region.scratchPtr, stridesPtr, shape.length);
  }

  private copyPtr(slot: number, input: number, copy: number): number {
    const region = this.regions[input];
    return this.workPtr + slot * this.slotBytes + region.slotOffset + copy * region.copyBytes;
  }

  /**
   * Makes the copies of `slot` hold batch `batch` (copy c occludes windowOf(plan, batch, c)):
   * one kernel call per input whose windows change.
   */
  writeBatch(slot: number, batch: number): void {
    if (Number.isNaN(this.slotBatch[slot])) this.fillSlot(slot);
    const held = this.slotBatch[slot];
    if (held === batch) return;
    const { plan } = this.spec;
    this.regions.forEach((region, input) => {
      if (this.writeJobs(input, held, batch) === 0) return;
      const baseline = this.spec.baselines[input];
      this.kernel.updateWindows(
        region.inputPtr, baseline.kind === "tensor" ? region.baselinePtr : 0, baseline.kind === "scalar" ? baseline.value : 0,
        this.copyPtr(slot, input, 0), region.copyBytes, plan.batchSize, region.geometryPtr, region.geometry.sizes.length,
        this.jobPtr, plan.copiesPerCall, this.windowScratchPtr, this.boxesPtr + slot * this.boxesSlotBytes + region.boxesOffset,
      );
    });
    this.slotBatch[slot] = batch;
  }

  /** Writes the (held, needed) local window pairs of one input for every copy (kernel dealWindows); returns how many copies change. */
  private writeJobs(input: number, heldBatch: number, batch: number): number {
    const { plan } = this.spec;
    if (plan.schedule) return this.writeScheduledJobs(input, heldBatch, batch);
    return this.kernel.dealWindows(
      this.jobPtr, plan.copiesPerCall, plan.batchCount, copiesOfBatch(plan, plan.batchCount - 1), heldBatch, batch, plan.firstWindow[input], plan.geometries[input].windowCount,
    );
  }

  /** writeJobs for a scheduled run (a shard, a resume, another order): the pairs come from the schedule, one per copy. */
  private writeScheduledJobs(input: number, heldBatch: number, batch: number): number {
    const { plan } = this.spec;
    const first = plan.firstWindow[input];
    const count = plan.geometries[input].windowCount;
    const local = (window: number) => (window >= first && window < first + count ? window - first : -1);
    const jobs = new Int32Array(this.kernel.memory.buffer, this.jobPtr, plan.copiesPerCall * 2);
    let changes = 0;
    for (let copy = 0; copy < plan.copiesPerCall; copy++) {
      const held = local(windowOf(plan, heldBatch, copy));
      const needed = local(windowOf(plan, batch, copy));
      jobs[2 * copy] = held;
      jobs[2 * copy + 1] = needed;
      if (held !== needed) changes++;
    }
    return changes;
  }

  /** Fills every copy of `slot` with the inputs; its box records are reset (window -1), as the copies hold none. */
  private fillSlot(slot: number): void {
    this.regions.forEach((region, input) => {
      this.kernel.replicate(region.inputPtr, this.copyPtr(slot, input, 0), region.copyBytes, this.spec.plan.copiesPerCall);
    });
    new Int32Array(this.kernel.memory.buffer, this.boxesPtr + slot * this.boxesSlotBytes, this.boxesSlotBytes / 4).fill(-1);
    this.slotBatch[slot] = -1;
  }

  /** The first `copies` batch copies of one input in a slot, as handed to forward. Valid until the run ends. */
  batchView(slot: number, input: number, copies: number): Float32Array {
    const region = this.regions[input];
    const { copiesPerCall } = this.spec.plan;
    const full = (this.views[slot][input] ??= new Float32Array(this.kernel.memory.buffer, this.copyPtr(slot, input, 0), (copiesPerCall * region.copyBytes) / 4));
    return copies === copiesPerCall ? full : full.subarray(0, (copies * region.copyBytes) / 4);
  }

  /**
   * After the last forward call: turns one input's differences ([windows, rows] f32,
   * window-major) into attributions [rows, ...example], returned as a JS-owned copy.
   */
  spread(input: number, differences: Float32Array): Float32Array {
    const { geometry, geometryPtr } = this.regions[input];
    const rows = this.rows;
    const diffPtr = this.workPtr;
    const outPtr = alignUp(diffPtr + geometry.windowCount * rows * 4);
    const gridPtr = alignUp(outPtr + rows * geometry.exampleLength * 4);
    const spreadPtr = alignUp(gridPtr + geometry.exampleLength * 8);
    const coveragePtr = alignUp(spreadPtr + geometry.exampleLength * 8);
    this.f32().set(differences, diffPtr / 4);
    this.kernel.spreadDifferences(diffPtr, rows, geometryPtr, geometry.sizes.length, outPtr, gridPtr, spreadPtr, coveragePtr);
    this.slotBatch.fill(NaN); // the work region no longer holds batches
    // new + set, not slice: slice is a third slower on large results (V8, Node 20).
    const result = new Float32Array(rows * geometry.exampleLength);
    result.set(this.f32().subarray(outPtr / 4, outPtr / 4 + result.length));
    return result;
  }
}
