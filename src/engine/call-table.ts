// The forward calls of a run that does not deal every perturbation by the rule of
// engine/deal.ts: a shard, a resume or another order (engine/schedule.ts, P copies per
// call), or perturbationsPerEval "auto" (engine/auto-batch.ts, calls of different sizes).
// A call-start offset table over the perturbations in the order they are evaluated: call
// b holds order[starts[b] .. starts[b + 1]), copy c the entry starts[b] + c. For "auto"
// the table grows while the run measures (one call at a time), then once with the rest
// of the run dealt at the chosen size. Batch buffers hold `maxCopies` copies, the largest
// call the table may get; a copy past a call's end holds nothing.
export class CallTable {
  private order: Int32Array | null = null;
  private readonly starts = [0];

  constructor(readonly perturbationCount: number, readonly maxCopies: number) {}

  /** Calls decided so far. */
  get count(): number {
    return this.starts.length - 1;
  }

  /** Perturbations dealt to the calls decided so far. */
  get assigned(): number {
    return this.starts[this.count];
  }

  copiesOf(batch: number): number {
    return batch >= 0 && batch < this.count ? this.starts[batch + 1] - this.starts[batch] : 0;
  }

  perturbationOf(batch: number, copy: number): number {
    return copy >= 0 && copy < this.copiesOf(batch) ? this.order![this.starts[batch] + copy] : -1;
  }

  /** Appends calls of `size` copies (the last one may be shorter) holding `entries`, call-major. */
  append(entries: ArrayLike<number>, size: number): void {
    let at = this.assigned;
    (this.order ??= new Int32Array(this.perturbationCount)).set(entries, at);
    const end = at + entries.length;
    while (at < end) this.starts.push((at = Math.min(at + size, end)));
  }
}
