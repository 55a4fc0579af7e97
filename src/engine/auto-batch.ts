// perturbationsPerEval "auto": the run measures its first calls and settles on the batch
// size that evaluates perturbations fastest. Candidate sizes (AUTO_SIZES, capped by the
// perturbation count and the memory limits in methods/args.ts) are tried smallest first,
// in TIMED_WAVES waves of one call per slot (the calls the driver keeps in flight), started
// together; a wave's time per perturbation is its wall time, first start to last end, over
// the perturbations it evaluated, so calls in flight together count as the throughput they
// give, and a size scores its fastest wave (a runtime's first run at a new shape is slow).
// Growing stops once a size is clearly slower than the best so far (past size 4, a first
// wave clearly slower than the previous size's first wave ends the trial at once), or when
// the next size's waves would take the trials past PROBE_SHARE of the run; the rest of
// the run is then dealt at the fastest size (engine/schedule.ts rule).
// Probe calls evaluate real perturbations of the run (nothing is thrown away), and the
// differences are stored per perturbation, so the result is the bits of any fixed size.
import { CallTable } from "./call-table.ts";
import { dealLists } from "./schedule.ts";

/** The sizes "auto" tries, smallest first. */
export const AUTO_SIZES: readonly number[] = [1, 4, 16, 64];
/** A size whose time per perturbation is this much above the best so far stops the search. */
export const CLEARLY_WORSE = 1.1;
/** The probe rounds together evaluate at most this share of the run's perturbations. */
export const PROBE_SHARE = 0.25;

/** Timed waves per size (the fastest counts). */
export const TIMED_WAVES = 2;

/** What next() answers besides a call index. */
export const WAIT = -1;
export const DONE = -2;

const now = () => globalThis.performance?.now() ?? Date.now();

interface Round {
  size: number;
  wave: number;
  issued: number;
  settled: number;
  perturbations: number;
  started: number;
  ended: number;
  /** The first wave's time per perturbation, and the best wave's so far. */
  first: number;
  best: number;
}

export class AutoBatching {
  readonly table: CallTable;
  /** The size settled on, or null while measuring. */
  chosen: number | null = null;
  /** Time per perturbation (ms) measured for each size tried, in the order tried. */
  readonly measured: { size: number; msPerPerturbation: number; firstWave: number }[] = [];
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

  /** The next call to start, WAIT while a wave's calls are in flight, DONE when every perturbation has its call. */
  next(): number {
    if (this.nextCall < this.table.count) return this.nextCall++;
    if (this.chosen !== null || this.unassigned === 0) return DONE;
    const round = (this.round ??= this.newRound());
    if (round.issued >= this.slots) return WAIT;
    const size = Math.min(round.size, this.unassigned);
    round.issued++;
    round.perturbations += size;
    this.table.append(this.take(size), size);
    return this.nextCall++;
  }

  // A wave is one call per slot, started together.
  private newRound(): Round {
    return { size: this.sizes[this.candidate], wave: 0, issued: 0, settled: 0, perturbations: 0, started: Infinity, ended: 0, first: Infinity, best: Infinity };
  }

  /** Call `batch` is about to be built and started. */
  started(_batch: number): void {
    if (this.round) this.round.started = Math.min(this.round.started, now());
  }

  /** Call `batch` returned and its differences are stored. */
  settled(_batch: number): void {
    const round = this.round;
    if (this.chosen !== null || !round) return;
    round.settled++;
    round.ended = now();
    if (round.settled < round.issued || (round.issued < this.slots && this.unassigned > 0)) return;
    // A wave ended. The machine's noise only ever adds time, and so does a runtime's first
    // run at a new shape: a size scores its fastest wave.
    const time = (round.ended - round.started) / round.perturbations;
    if (round.wave === 0) round.first = time;
    round.best = Math.min(round.best, time);
    Object.assign(round, { wave: round.wave + 1, issued: 0, settled: 0, perturbations: 0, started: Infinity });
    // A first wave clearly slower than the previous size's first wave (both at a new shape, past size 1) needs no second.
    const previous = this.measured[this.measured.length - 1];
    const hopeless = round.wave === 1 && previous !== undefined && previous.size > 1 && time > previous.firstWave * CLEARLY_WORSE;
    if (round.wave < TIMED_WAVES && this.unassigned > 0 && !hopeless) return;
    this.round = null;
    this.measured.push({ size: round.size, msPerPerturbation: round.best, firstWave: round.first });
    const best = this.best()!;
    const next = this.sizes[this.candidate + 1];
    const worse = round.best > best.msPerPerturbation * CLEARLY_WORSE;
    const nextCost = next === undefined ? Infinity : next * this.slots * TIMED_WAVES;
    if (worse || this.table.assigned + nextCost > this.total * PROBE_SHARE || this.unassigned === 0) this.settle(best.size);
    else this.candidate++;
  }

  private best(): { size: number; msPerPerturbation: number; firstWave: number } | undefined {
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
