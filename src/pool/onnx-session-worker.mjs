// The worker side of onnxPool, plain JavaScript so any runtime can start it as it is:
// one onnxruntime InferenceSession per worker. The main thread keeps the adapter
// (onnxForward: names, types, conversions); this only runs what it was sent.
export async function createForward({ runtime, model, sessionOptions, wasmNumThreads }) {
  const imported = await import(runtime);
  const ort = imported.InferenceSession ? imported : imported.default;
  if (ort.env?.wasm) ort.env.wasm.numThreads = wasmNumThreads ?? 1;
  const session = await ort.InferenceSession.create(model, sessionOptions ?? {});
  // forward(...feeds, outputName): each feed is { data, shape, type, name }.
  const forward = async (...args) => {
    const outputName = args.pop();
    const feeds = {};
    for (const feed of args) feeds[feed.name] = new ort.Tensor(feed.type, feed.data, feed.shape);
    const output = (await session.run(feeds))[outputName];
    if (output === undefined) throw new Error(`the run returned no output ${JSON.stringify(outputName)}`);
    return { data: output.data, dims: output.dims };
  };
  forward.info = { inputNames: [...session.inputNames], outputNames: [...session.outputNames] };
  return forward;
}
