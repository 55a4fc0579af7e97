// Host objects the public types name, declared so that the published .d.ts type-checks in
// any project: with the DOM lib, with only @types/node, or with neither (a plain ES lib,
// a worker with its own typings). Each resolves to the host's own type where the project
// declares it, and to a small structural stand-in where it does not.
type Host = typeof globalThis;

/** `WebAssembly.Module` where the project's libs declare WebAssembly; any object elsewhere. */
export type WasmModule = Host extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : object;

/** `AbortSignal` where declared (DOM, WebWorker, @types/node); its `aborted` flag elsewhere. */
export type AbortSignalLike = Host extends { AbortSignal: { prototype: infer S } } ? S : { readonly aborted: boolean };

/** `URL` where declared; anything with an `href` elsewhere. */
export type UrlLike = Host extends { URL: { prototype: infer U } } ? U : { readonly href: string };

/**
 * The RGBA pixel array: `Uint8ClampedArray<ArrayBuffer>` under TypeScript 5.7 and later
 * (what `new ImageData(...)` asks for there), plain `Uint8ClampedArray` before, where
 * typed arrays are not generic. `of` returns exactly that type in every version.
 */
export type PixelArray = ReturnType<Uint8ClampedArrayConstructor["of"]>;
