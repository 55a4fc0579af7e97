// perturbationsPerEval "auto": the run measures its first calls and settles on the batch
// size that evaluates perturbations fastest. Candidate sizes (AUTO_SIZES, capped by the
// perturbation count and the memory limits in methods/auto-sizes.ts) are tried smallest
// first, each in TIMED_WAVES waves of one call per slot (the calls the driver keeps in
// flight), started together. A wave's time per perturbation is its wall time, first start
// to last end, over the perturbations it evaluated, so calls in flight together count as
// the throughput they give; a size scores its fastest wave (a loaded machine and a
// runtime's first run at a new shape only ever add time). Growing stops once a size is
// clearly slower than the best so far (after one wave if it is far slower), or when the next size's waves would take the
// trials past PROBE_SHARE of the run; the rest is then dealt at the fastest size (the
// largest within NEAR_TIE of it), by the engine/schedule.ts rule, pass by pass. Trial calls evaluate real perturbations of the
// run, and differences are stored per perturbation: the result is the bits of any size.
import { CallTable } from "./call-table.ts";
import { dealLists } from "./schedule.ts";

/** The sizes "auto" tries, smallest first. */
export const AUTO_SIZES: readonly number[] = [1, 4, 16, 64];
/** A size whose time per perturbation is this much above the best so far stops the search. */
export const CLEARLY_WORSE = 1.1;
/** Sizes within this factor of the fastest count as tied: the larger one is kept. */
export const NEAR_TIE = 1.05;
/** The trials evaluate at most this share of the run's perturbations. */
export const PROBE_SHARE = 0.25;
/** Timed waves per size (the fastest counts). */
export const TIMED_WAVES = 2;
/** A first wave this much slower than the best size so far ends its trial at once (a slow first run at a new shape is rarely this far off). */
export const FAR_WORSE = 1.5;

/** What next() answers besides a call index. */
export const WAIT = -1;
export const DONE = -2;

export class AutoBatching {
  readonly table: CallTable;
  /** The size settled on, or null while measuring. */
  chosen: number | null = null;
  /** [size, ms per perturbation of its fastest wave], in the order tried. */
  readonly measured: [number, number][] = [];
  /** The pending perturbations in evaluation order, and where each pass ends in it. */
  private readonly order: Int32Array;
  private readonly passEnds: number[] = [];
  private candidate = 0;
  private nextCall = 0;
  // The wave in flight: its number within the size, calls started and ended, perturbations, start, best wave so far.
  private wave = 0;
  private issued = 0;
  private settledCalls = 0;
  private perturbations = 0;
  private started = Infinity;
  private best = Infinity;

  /** `lists`: the pending perturbations (one list per pass); `sizes`: the candidates that fit, ascending; `slots`: calls in flight. */
  constructor(lists: Int32Array[], private readonly sizes: readonly number[], private readonly slots: number) {
    let end = 0;
    for (const list of lists) this.passEnds.push((end += list.length));
    this.order = new Int32Array(end);
    lists.forEach((list, pass) => this.order.set(list, this.passEnds[pass] - list.length));
    this.table = new CallTable(end, Math.max(1, Math.min(sizes[sizes.length - 1], end)));
    if (sizes.length === 1 || end <= 1) this.settle(sizes[0]);
  }

  private get unassigned(): number {
    return this.order.length - this.table.assigned;
  }

  /** The size of the calls being made now. */
  get currentSize(): number {
    return this.chosen ?? this.sizes[this.candidate];
  }

  /** Forward calls of the run: exact once settled, before that the calls so far plus the rest at the size being tried. */
  get callCount(): number {
    return this.table.count + Math.ceil(this.unassigned / this.currentSize);
  }

  /** The next call to start, WAIT while a wave is in flight, DONE when every perturbation has its call. */
  next(): number {
    if (this.nextCall < this.table.count) return this.nextCall++;
    if (this.chosen !== null || this.unassigned === 0) return DONE;
    if (this.issued >= this.slots) return WAIT;
    const at = this.table.assigned;
    const size = Math.min(this.currentSize, this.unassigned);
    this.table.append(this.order.subarray(at, at + size), size);
    this.issued++;
    this.perturbations += size;
    return this.nextCall++;
  }

  /** A call is about to be built and started. */
  callStarted(): void {
    this.started = Math.min(this.started, performance.now());
  }

  /** A call returned and its differences are stored. */
  callSettled(): void {
    if (this.chosen !== null || ++this.settledCalls < this.issued || (this.issued < this.slots && this.unassigned > 0)) return;
    this.best = Math.min(this.best, (performance.now() - this.started) / this.perturbations);
    this.issued = this.settledCalls = this.perturbations = 0;
    this.started = Infinity;
    const before = Math.min(...this.measured.map((m) => m[1]));
    if (++this.wave < TIMED_WAVES && this.unassigned > 0 && !(this.best > before * FAR_WORSE)) return;
    this.measured.push([this.currentSize, this.best]);
    const time = Math.min(before, this.best);
    // Near-ties go to the larger size: it had fewer calls at its new shape to warm up in.
    const fastest = Math.max(...this.measured.filter((m) => m[1] <= time * NEAR_TIE).map((m) => m[0]));
    const next = this.sizes[this.candidate + 1];
    this.wave = 0;
    if (this.best > time * CLEARLY_WORSE || !next || this.unassigned === 0 || this.table.assigned + next * this.slots * TIMED_WAVES > this.order.length * PROBE_SHARE) {
      this.settle(fastest);
    } else this.candidate++;
    this.best = Infinity;
  }

  /** Deals every perturbation not yet in a call at `size` per call, pass by pass (aggregation mode: 1). */
  settle(size: number): void {
    if (this.chosen !== null) return;
    this.chosen = size;
    let from = this.table.assigned;
    const rest = this.passEnds.filter((end) => end > from).map((end) => this.order.subarray(from, (from = end)));
    if (rest.length) this.table.append(dealLists(rest, size), Math.min(size, this.table.maxCopies));
  }
}
