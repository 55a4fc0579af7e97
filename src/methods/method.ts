// What Occlusion and FeatureAblation share: a forward function, init, and the two
// drivers (attribute for async forwards with optional concurrency, attributeSync after
// init()). A method only says how its options become a call with a plan.
import { throwIfAborted } from "../engine/abort.ts";
import type { NormalizedCall } from "../engine/call.ts";
import { driveAsync } from "../engine/drive-async.ts";
import { driveSync } from "../engine/drive-sync.ts";
import { fail } from "../errors.ts";
import type { ForwardFunction } from "../engine/forward-call.ts";
import { isInitialized, type InitOptions, type KernelInfo } from "../wasm/kernel.ts";
import { init } from "./init.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import type { OcclusionPartial } from "../engine/partial.ts";
import type { PartialOptions } from "./args.ts";

/** Options are optional where the method can do without (FeatureAblation), required otherwise (Occlusion). */
type OptionsArg<O> = undefined extends O ? [options?: O] : [options: O];

export type Result<I> = I extends readonly unknown[] ? Tensor[] : Tensor;

/** What every perturbation method offers: `attribute`, `attributeSync`, `init`. */
export abstract class PerturbationMethod<O> {
  /** The model, as given to the constructor. */
  readonly forward: ForwardFunction;

  constructor(forward: ForwardFunction, name: string) {
    if (typeof forward !== "function") fail("INVALID_FORWARD", `new ${name}(forward) needs a function, got ${typeof forward}`);
    this.forward = forward;
  }

  /**
   * Validates a call and builds its plan, before any forward call or kernel work.
   * @internal not in the published types, which would otherwise carry the engine's.
   */
  protected abstract normalize(inputs: unknown, options: unknown, allowWindows?: boolean): NormalizedCall;

  /**
   * True when building the plan needs the kernel (FeatureAblation reads its masks there):
   * attribute then loads it, if not loaded yet, before validating the call (once loaded,
   * the call is still read, and its arrays copied, when attribute is called).
   * @internal
   */
  protected plansInKernel(): boolean {
    return false;
  }

  /** Loads the kernel ahead of time (the same as the module-level init). */
  init(options?: InitOptions): Promise<KernelInfo> {
    return init(options);
  }

  /** Attributions for `inputs`; resolves to one Tensor, or an array when an array was given. */
  async attribute<I extends TensorLike | readonly TensorLike[]>(inputs: I, ...[options]: OptionsArg<O>): Promise<Result<I>> {
    if (this.plansInKernel() && !isInitialized()) await init();
    const call = this.normalize(inputs, options);
    throwIfAborted(call.signal);
    await init();
    return shapeResult(call, (await driveAsync(this.forward, call)) as Tensor[]) as Result<I>;
  }

  /**
   * A shard: evaluates only perturbations start <= w < end (options.windows; default all)
   * and resolves to their partial record, for mergePartials (docs/long-runs.md).
   */
  async attributePartial<I extends TensorLike | readonly TensorLike[]>(inputs: I, options: PartialOptions<O>): Promise<OcclusionPartial> {
    if (this.plansInKernel() && !isInitialized()) await init();
    const call = this.normalize(inputs, options, true);
    throwIfAborted(call.signal);
    await init();
    return (await driveAsync(this.forward, call)) as OcclusionPartial;
  }

  /** The same as attribute for a synchronous forward; init() must have resolved. */
  attributeSync<I extends TensorLike | readonly TensorLike[]>(inputs: I, ...[options]: OptionsArg<O>): Result<I> {
    const call = this.normalize(inputs, options);
    throwIfAborted(call.signal);
    if (!isInitialized()) fail("NOT_INITIALIZED", "attributeSync needs the kernel: await init() (or occ.init()) once before");
    return shapeResult(call, driveSync(this.forward, call) as Tensor[]) as Result<I>;
  }
}

function shapeResult(call: NormalizedCall, tensors: Tensor[]): Tensor | Tensor[] {
  return call.isTuple ? tensors : tensors[0];
}
