// Loads the WebAssembly kernel and keeps a pool of its instances. Loading is async
// (Chromium refuses synchronous compiles of larger modules on the main thread), picks
// the SIMD build where the engine validates it and the scalar build otherwise, and
// accepts a precompiled WebAssembly.Module (workerd cannot compile bytes at run time).
// Each run takes an instance of its own, so concurrent runs never share memory.
import { OcclusionError, fail } from "../errors.ts";
import { builtInKernel } from "./source.ts";
import type { UrlLike, WasmModule } from "../host-types.ts";

export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  updateWindows(
    sourcePtr: number, baselinePtr: number, value: number, batchPtr: number, copyByteLength: number,
    exampleCount: number, geometryPtr: number, rank: number, jobPtr: number, copyCount: number, scratchPtr: number, boxesPtr: number,
  ): void;
  replicate(srcPtr: number, dstPtr: number, byteLength: number, count: number): void;
  dealWindows(
    jobPtr: number, copyCount: number, calls: number, longCopies: number, heldCall: number, call: number, firstWindow: number, windowCount: number,
  ): number;
  countNonFinite(ptr: number, length: number): number;
  /** 1 when every copy equals the source; each copy is zero afterwards. */
  clearSameCopies(srcPtr: number, copiesPtr: number, byteLength: number, count: number): number;
  /** 1 when a batch move found a word changed since the kernel wrote it (forward wrote there); clears the flag. */
  takeMismatch(): number;
  expandBroadcast(srcPtr: number, dstPtr: number, shapePtr: number, sourceStridesPtr: number, rank: number): void;
  spreadDifferences(
    diffPtr: number, outputCount: number, geometryPtr: number, rank: number,
    outPtr: number, gridPtr: number, spreadPtr: number, coveragePtr: number,
  ): void;
  updateGroups(
    sourcePtr: number, baselinePtr: number, value: number, batchPtr: number, copyByteLength: number,
    runsPtr: number, offsetsPtr: number, examples: number, exampleWords: number, words: number, jobPtr: number, copyCount: number,
  ): void;
  spreadGroups(
    diffPtr: number, rows: number, runsPtr: number, offsetsPtr: number, featureCount: number, exampleLength: number, perExample: number, outPtr: number,
  ): void;
  readMaskIds(idsPtr: number, length: number, kind: number): number;
  clearTable(tablePtr: number, capacityBits: number): void;
  distinctBound(idsPtr: number, length: number): number;
  collectNewIds(idsPtr: number, length: number, tablePtr: number, capacityBits: number, listPtr: number): number;
  numberNewIds(listPtr: number, fresh: number, tablePtr: number, capacityBits: number, first: number): number;
  maskRuns(
    idsPtr: number, shapePtr: number, stridesPtr: number, rank: number, coordsPtr: number, tablePtr: number, capacityBits: number,
    featureCount: number, scratchPtr: number, offsetsPtr: number,
  ): number;
  runsAt(scratchPtr: number, count: number): number;
  defaultRuns(runsPtr: number, offsetsPtr: number, first: number, length: number, count: number): void;
  usesSimd(): number;
  GEOMETRY_FIELDS: WebAssembly.Global;
  WINDOW_SCRATCH_FIELDS: WebAssembly.Global;
  BOX_RECORD_FIELDS: WebAssembly.Global;
}

/** Options of `init()`: which kernel to load, and from where. By default the inlined SIMD build where supported. */
export interface InitOptions {
  /** A precompiled kernel (what workerd and some bundlers give). */
  module?: WasmModule;
  /** Kernel bytes, or a URL to fetch them from. */
  wasm?: ArrayBuffer | ArrayBufferView | UrlLike | string;
  /** false forces the scalar build (engines without wasm SIMD are detected automatically). */
  simd?: boolean;
}

/** What init() loaded. */
export interface KernelInfo {
  /** true when the SIMD build runs, false for the scalar one. */
  simd: boolean;
}

let loaded: WebAssembly.Module | null = null;
/** Counts the modules loaded, so a warm-up knows whether it already ran on this one. */
let generation = 0;
let loading: Promise<WebAssembly.Module> | null = null;
let loadedSimd = false;
const idle: KernelExports[] = [];
/** The generation of the module each instance came from: one from a module init() has since replaced is not pooled again. */
const generationOf = new WeakMap<KernelExports, number>();
let created = 0;
let inUse = 0;

/** Idle instances kept for reuse; larger ones are dropped so a big run does not pin its memory. */
const IDLE_LIMIT = 2;
const IDLE_MAX_BYTES = 64 * 2 ** 20;

/** Compiles and instantiates the kernel once (methods/init.ts adds the warm-up). Options replace a kernel loaded before. */
export function loadKernel(options: InitOptions = {}): Promise<KernelInfo> {
  const fresh = options.module !== undefined || options.wasm !== undefined || options.simd !== undefined;
  if (!fresh && loading) return loading.then(info);
  const attempt = loadModule(options).then(({ module, kernel, simd }) => {
    if (loading === attempt) {
      loaded = module;
      loadedSimd = simd;
      generation++;
      idle.length = 0;
      idle.push(kernel);
      generationOf.set(kernel, generation);
      created++;
    }
    return module;
  });
  loading = attempt;
  attempt.catch(() => {
    if (loading === attempt) loading = null;
  });
  return attempt.then(info);
}

const info = (): KernelInfo => ({ simd: loadedSimd });

/** The module, its first instance and which build it is: the kernel itself says (usesSimd). */
async function loadModule(options: InitOptions): Promise<{ module: WebAssembly.Module; kernel: KernelExports; simd: boolean }> {
  try {
    const module = await compileModule(options);
    const kernel = checkKernel((await WebAssembly.instantiate(module, {})).exports);
    return { module, kernel, simd: kernel.usesSimd() === 1 };
  } catch (error) {
    if (error instanceof OcclusionError) throw error;
    return fail(
      "KERNEL_LOAD",
      `the occlusion kernel could not be loaded (${(error as Error).message}); serve the .wasm with ` +
        "Content-Type application/wasm and pass its URL as init({ wasm }), or pass a precompiled init({ module })",
      error,
    );
  }
}

/** Exports a run calls: a module without them is not this kernel (another .wasm, an old build). */
const REQUIRED_FUNCTIONS = ["heapBase", "updateWindows", "updateGroups", "takeMismatch", "clearSameCopies", "usesSimd"] as const;

function checkKernel(exports: WebAssembly.Exports): KernelExports {
  const missing = REQUIRED_FUNCTIONS.find((name) => typeof exports[name] != "function");
  if (missing) fail("KERNEL_LOAD", `init: not the occlusion kernel (no export ${missing})`);
  return exports as unknown as KernelExports;
}

async function compileModule(options: InitOptions): Promise<WebAssembly.Module> {
  if (options.module !== undefined) {
    if (!(options.module instanceof WebAssembly.Module)) throw new TypeError("options.module is not a WebAssembly.Module");
    return options.module;
  }
  if (options.wasm !== undefined) return WebAssembly.compile(await readBytes(options.wasm));
  return builtInKernel(options.simd !== false);
}

async function readBytes(source: NonNullable<InitOptions["wasm"]>): Promise<BufferSource> {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source as BufferSource;
  const response = await fetch(source);
  if (!response.ok) throw new Error(`fetching ${String(source)} answered ${response.status}`);
  return response.arrayBuffer();
}

/** Which module is loaded (0: none yet); a new one after init() with options. */
export function kernelGeneration(): number {
  return generation;
}

/** True once init() has resolved, so attributeSync can run. */
export function isInitialized(): boolean {
  return loaded !== null;
}

/**
 * Takes an instance for one run (synchronous: the module is small): the most recently
 * idled one whose memory is at most `maxBytes` (wasm memory cannot shrink, so a larger
 * one would break the run's maxMemoryBytes), or else a new one, whose memory starts at one page (the kernel's static data).
 */
export function acquireKernel(maxBytes = Infinity): KernelExports {
  if (!loaded) return fail("NOT_INITIALIZED", "the kernel is not loaded: await init() before attributeSync()");
  for (let index = idle.length - 1; index >= 0; index--) {
    if (idle[index].memory.buffer.byteLength > maxBytes) continue;
    inUse++;
    return idle.splice(index, 1)[0];
  }
  let kernel: KernelExports;
  try {
    kernel = new WebAssembly.Instance(loaded, {}).exports as unknown as KernelExports;
  } catch (error) {
    return fail("MEMORY_LIMIT", `no kernel instance could be created (${inUse} runs hold one); run fewer at once`, error);
  }
  generationOf.set(kernel, generation);
  created++;
  inUse++;
  return kernel;
}

/**
 * Gives an instance back once no forward call can still read its memory; it is cleared
 * before reuse so no later run (or its forward, through a view's buffer) sees this run's
 * data (`writtenBytes`: the run wrote nothing beyond them). `reuse: false` retires it instead (a run that ended with forward calls still in
 * flight): the pool forgets it, and its memory goes when those calls drop their views.
 */
export function releaseKernel(kernel: KernelExports, reuse = true, writtenBytes = Infinity): void {
  inUse--;
  // A run that began before init() loaded another module must not hand its old instance to later runs.
  if (generationOf.get(kernel) !== generation) return;
  if (!reuse || idle.length >= IDLE_LIMIT || kernel.memory.buffer.byteLength > IDLE_MAX_BYTES) return;
  // Idle instances are all zeros, so a caller that wrote only the first writtenBytes clears just those.
  new Uint8Array(kernel.memory.buffer).fill(0, 0, writtenBytes);
  idle.push(kernel);
}

/** Counters for tests and soak runs: instances created, in use, idle, and the bytes idle ones hold. */
export function kernelStats(): { created: number; inUse: number; idle: number; idleBytes: number; simd: boolean } {
  const idleBytes = idle.reduce((sum, kernel) => sum + kernel.memory.buffer.byteLength, 0);
  return { created, inUse, idle: idle.length, idleBytes, simd: loadedSimd };
}
