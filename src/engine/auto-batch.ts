// perturbationsPerEval "auto": the run measures its first calls and settles on the batch
// size that evaluates perturbations fastest. Candidate sizes (AUTO_SIZES, capped by the
// perturbation count and the memory limits in methods/args.ts) are tried smallest first,
// in rounds: one call per slot (calls the driver keeps in flight) to warm the model up at
// the new size, untimed, then one timed call per slot (size 1: at least 2, without
// warm-up); a round's time per perturbation is its timed calls' wall time, from the first
// one's start to the last one's end, over the perturbations they evaluated, so calls in
// flight together are measured as the throughput they give. Growing stops once a size is clearly slower
// than the best so far, or when the next round would take more than PROBE_SHARE of the
// run; the rest of the run is then dealt at the fastest size (engine/schedule.ts rule).
// Probe calls evaluate real perturbations of the run (nothing is thrown away), and the
// differences are stored per perturbation, so the result is the bits of any fixed size.
import { CallTable } from "./call-table.ts";
import { dealLists } from "./schedule.ts";

/** The sizes "auto" tries, smallest first. */
export const AUTO_SIZES: readonly number[] = [1, 4, 16, 64];
/** A size whose time per perturbation is this much above the best so far stops the search. */
export const CLEARLY_WORSE = 1.1;
/** The probe rounds together evaluate at most this share of the run's perturbations. */
export const PROBE_SHARE = 0.5;

/** What next() answers besides a call index. */
export const WAIT = -1;
export const DONE = -2;

const now = () => globalThis.performance?.now() ?? Date.now();

interface Round {
  size: number;
  /** Calls that warm the model up at this size first (not timed): a runtime's first run at a new shape is slower. */
  warm: number;
  /** Calls timed together. */
  timed: number;
  warmIssued: number;
  warmSettled: number;
  timedIssued: number;
  timedSettled: number;
  /** The first timed call's index. */
  timedFrom: number;
  perturbations: number;
  started: number;
  ended: number;
}

export class AutoBatching {
  readonly table: CallTable;
  /** The size settled on, or null while measuring. */
  chosen: number | null = null;
  /** Time per perturbation (ms) measured for each size tried, in the order tried. */
  readonly measured: { size: number; msPerPerturbation: number }[] = [];
  private readonly lists: Int32Array[];
  private list = 0;
  private offset = 0;
  private readonly total: number;
  private candidate = 0;
  private round: Round | null = null;
  private nextCall = 0;

  /**
   * `lists`: the run's pending perturbations in evaluation order (one list per pass);
   * `sizes`: the candidates that fit, ascending; `slots`: calls the driver keeps in flight.
   */
  constructor(lists: Int32Array[], private readonly sizes: readonly number[], private readonly slots: number) {
    this.lists = lists;
    this.total = lists.reduce((sum, entries) => sum + entries.length, 0);
    this.table = new CallTable(this.total, Math.max(1, Math.min(sizes[sizes.length - 1], this.total)));
    if (sizes.length === 1 || this.total <= 1) this.settle(sizes[0]);
  }

  /** Perturbations not yet dealt to a call. */
  private get unassigned(): number {
    return this.total - this.table.assigned;
  }

  /** The size of the calls being made now (the round's while measuring). */
  get currentSize(): number {
    return this.chosen ?? this.sizes[this.candidate];
  }

  /** Forward calls of the run: exact once settled, before that the calls so far plus the rest at the size being tried. */
  get callCount(): number {
    return this.table.count + Math.ceil(this.unassigned / this.currentSize);
  }

  /** The next call to start, WAIT while a round's calls are in flight, DONE when every perturbation has its call. */
  next(): number {
    if (this.nextCall < this.table.count) return this.nextCall++;
    if (this.chosen !== null || this.unassigned === 0) return DONE;
    const round = (this.round ??= this.newRound());
    if (round.warmIssued < round.warm) {
      round.warmIssued++;
    } else if (round.warmSettled < round.warmIssued || round.timedIssued >= round.timed) {
      return WAIT;
    } else {
      if (round.timedIssued++ === 0) round.timedFrom = this.table.count;
      round.perturbations += Math.min(round.size, this.unassigned);
    }
    const size = Math.min(round.size, this.unassigned);
    this.table.append(this.take(size), size);
    return this.nextCall++;
  }

  // Size 1 needs no warm-up: the unperturbed call ran at that shape. A round keeps every slot busy.
  private newRound(): Round {
    const size = this.sizes[this.candidate];
    const warm = size === 1 ? 0 : this.slots;
    const timed = size === 1 ? Math.max(2, this.slots) : this.slots;
    return { size, warm, timed, warmIssued: 0, warmSettled: 0, timedIssued: 0, timedSettled: 0, timedFrom: Infinity, perturbations: 0, started: Infinity, ended: 0 };
  }

  /** Call `batch` is about to be built and started. */
  started(batch: number): void {
    if (this.round && batch >= this.round.timedFrom) this.round.started = Math.min(this.round.started, now());
  }

  /** Call `batch` returned and its differences are stored. */
  settled(batch: number): void {
    const round = this.round;
    if (this.chosen !== null || !round) return;
    if (batch < round.timedFrom) round.warmSettled++;
    else {
      round.timedSettled++;
      round.ended = now();
    }
    const inFlight = round.warmIssued - round.warmSettled + round.timedIssued - round.timedSettled;
    if (inFlight > 0) return;
    if (this.unassigned === 0 && round.timedSettled < round.timed) return this.settle(this.best()?.size ?? round.size);
    if (round.timedSettled < round.timed) return;
    this.round = null;
    const msPerPerturbation = (round.ended - round.started) / round.perturbations;
    this.measured.push({ size: round.size, msPerPerturbation });
    const best = this.best()!;
    const probed = this.table.assigned;
    const next = this.sizes[this.candidate + 1];
    const worse = msPerPerturbation > best.msPerPerturbation * CLEARLY_WORSE;
    if (worse || next === undefined || probed + next * 2 * this.slots > this.total * PROBE_SHARE) this.settle(best.size);
    else this.candidate++;
  }

  private best(): { size: number; msPerPerturbation: number } | undefined {
    return this.measured.length === 0 ? undefined : this.measured.reduce((a, b) => (b.msPerPerturbation < a.msPerPerturbation ? b : a));
  }

  /** Deals every perturbation not yet in a call at `size` per call (aggregation mode: 1). */
  settle(size: number): void {
    if (this.chosen !== null) return;
    this.chosen = size;
    this.round = null;
    const rest: Int32Array[] = [];
    for (; this.list < this.lists.length; this.list++, this.offset = 0) rest.push(this.lists[this.list].subarray(this.offset));
    if (this.unassigned > 0) this.table.append(dealLists(rest, size), Math.min(size, this.table.maxCopies));
  }

  /** The next `count` perturbations in evaluation order. */
  private take(count: number): Int32Array {
    const out = new Int32Array(count);
    for (let at = 0; at < count; ) {
      const entries = this.lists[this.list];
      const piece = entries.subarray(this.offset, this.offset + count - at);
      out.set(piece, at);
      at += piece.length;
      this.offset += piece.length;
      if (this.offset >= entries.length) {
        this.list++;
        this.offset = 0;
      }
    }
    return out;
  }
}
