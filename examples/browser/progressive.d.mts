// Types for progressive.mjs (plain JS, so the page needs no build step; tests import it from TypeScript).
export interface Box {
  start: number[];
  end: number[];
}

export declare class PartialAttribution {
  constructor(sizes: number[], window: number[], strides: number[]);
  readonly sizes: number[];
  readonly shifts: number[];
  readonly windowCount: number;
  readonly added: number;
  readonly complete: boolean;
  add(window: number, difference: number): void;
  box(k: number): Box;
  covered(): Uint8Array;
  values(): Float32Array;
}

export declare function recordingForward<T extends { data: ArrayLike<number> }>(
  model: (input: { data: Float32Array; shape: number[] }) => Promise<T>,
  target: number,
  partial: PartialAttribution,
  perturbationsPerEval: number,
): (input: { data: Float32Array; shape: number[] }) => Promise<T>;

export declare function windowOfCopy(windowCount: number, perturbationsPerEval: number, call: number, copy: number): number;
