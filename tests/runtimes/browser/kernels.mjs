// The kernel files as the pages and workers get them over HTTP: precompiled modules
// (compileStreaming needs application/wasm), the scalar bytes and the scalar URL.
export async function kernelExtras(base) {
  const url = (name) => new URL(`/dist/${name}`, base);
  const scalarUrl = url("kernel.scalar.wasm");
  return {
    simdModule: await WebAssembly.compileStreaming(fetch(url("kernel.simd.wasm"))),
    scalarModule: await WebAssembly.compileStreaming(fetch(scalarUrl)),
    scalarBytes: new Uint8Array(await (await fetch(scalarUrl)).arrayBuffer()),
    scalarUrl,
  };
}

/** A result object for a page or worker that crashed before the suite could report. */
export const crashed = (runtime, error) => ({ passed: 0, failed: 1, lines: [`not ok - ${runtime} crashed: ${error?.stack ?? error}`] });
