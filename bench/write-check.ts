// The cost of detecting writes by forward into its batch (FORWARD_WROTE_INPUT): at the end
// of a run each batch buffer is checksummed, rebuilt in place and checksummed again. Timed
// as whole attribute() calls with the check on and, for comparison only, switched off by
// replacing the session's check method in this process; blocks alternate.
import { KernelSession } from "../src/wasm/session.ts";
import { timeLibrary } from "./library.ts";
import type { BenchConfig } from "./configs.ts";

export interface WriteCheckCost {
  /** Ratio to one input copy per perturbation, check on. */
  on: number;
  /** The same with the check switched off. */
  off: number;
}

export async function timeWriteCheck(config: BenchConfig, repetitions: number): Promise<WriteCheckCost> {
  const proto = KernelSession.prototype as unknown as { batchesIntact(): boolean };
  const { batchesIntact } = proto;
  const on: number[] = [];
  const off: number[] = [];
  for (let round = 0; round < repetitions; round++) {
    on.push((await timeLibrary(config, 1)).ratio);
    proto.batchesIntact = () => true;
    try {
      off.push((await timeLibrary(config, 1)).ratio);
    } finally {
      proto.batchesIntact = batchesIntact;
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  return { on: median(on), off: median(off) };
}
