// Long runs in every runtime, through the built package: onPartial's last map is the
// result's bits, an aborted run's error.partial survives JSON and resumes to the same bits,
// and two shards merged from JSON give them too (btoa/atob, performance.now, AbortController).
import type * as Library from "../../src/index.ts";

type Lib = typeof Library;
type Tensor = Library.Tensor;
type Test = (name: string, body: () => unknown) => Promise<void>;

const SHAPE = [2, 1, 6, 5];
const OPTIONS = { slidingWindowShapes: [1, 2, 2], strides: [1, 2, 1], target: 1, perturbationsPerEval: 3 };

function model(x: Tensor): Tensor {
  const batch = x.shape[0];
  const length = x.data.length / batch;
  const out = new Float32Array(batch * 2);
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += Math.cos(i) * x.data[b * length + i];
    out[2 * b] = sum;
    out[2 * b + 1] = Math.tanh(sum / 4);
  }
  return { data: out, shape: [batch, 2] };
}

const bits = (data: Float32Array) => Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length)).join(",");

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export async function longRunTests(lib: Lib, test: Test): Promise<void> {
  const input: Tensor = { data: Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.3)), shape: SHAPE };
  const occlusion = new lib.Occlusion(model);
  const full = (await occlusion.attribute(input, OPTIONS)) as Tensor;

  await test("long runs: onPartial's last map is the result, in coarse-to-fine order too", async () => {
    let last = null as Tensor | null;
    const result = (await occlusion.attribute(input, {
      ...OPTIONS, order: "coarse-to-fine", partialIntervalMs: 0, onPartial: (partial) => (last = partial.attributions() as Tensor),
    })) as Tensor;
    expect(last !== null && bits(last.data) === bits(result.data) && bits(result.data) === bits(full.data), "the last partial map differs from the result");
  });

  await test("long runs: an aborted run's error.partial, through JSON, resumes to the same bits", async () => {
    const controller = new AbortController();
    let calls = 0;
    const stopping = (x: Tensor) => {
      if (++calls === 4) controller.abort();
      return model(x);
    };
    let saved = "";
    try {
      await new lib.Occlusion(stopping).attribute(input, { ...OPTIONS, signal: controller.signal });
    } catch (error) {
      expect((error as Library.OcclusionError).code === "ABORTED" && (error as Library.OcclusionError).partial !== undefined, `rejected with ${error}`);
      saved = JSON.stringify((error as Library.OcclusionError).partial);
    }
    const resumed = (await occlusion.attribute(input, { ...OPTIONS, resumeFrom: saved })) as Tensor;
    expect(bits(resumed.data) === bits(full.data), "the resumed result differs");
  });

  await test("long runs: two shards merged from JSON give one run's bits", async () => {
    const count = lib.windowCount(input, OPTIONS);
    const shards = await Promise.all([[0, 7], [7, count]].map((windows) => occlusion.attributePartial(input, { ...OPTIONS, windows: windows as [number, number] })));
    const merged = (await lib.mergePartials(shards.map((shard) => JSON.stringify(shard)))) as Tensor;
    expect(bits(merged.data) === bits(full.data), "the merged result differs");
  });
}
