/**
 * onnxForward (occlusion-wasm/adapters) on the Fashion-MNIST model through
 * onnxruntime-web in Node: the same attributions as a hand-written forward, the
 * predictions PyTorch recorded, and how inputs are matched to a session's names.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ort from "onnxruntime-web";
import { Occlusion, OcclusionError, tensor, type Tensor } from "../src/index.ts";
import { onnxForward, type OnnxSessionLike } from "../src/adapters/index.ts";
import { createFashionSession, readSampleImage, readSampleLabels, toModelInput } from "./support/fashion-mnist.ts";

const OPTIONS = { slidingWindowShapes: [1, 4, 4], strides: [1, 2, 2], perturbationsPerEval: 8 };

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

async function sampleInput(file: string): Promise<Tensor> {
  const input = toModelInput([await readSampleImage(file)]);
  return tensor(input.data as Float32Array, input.dims);
}

test("onnxForward gives the predictions recorded in labels.json", async () => {
  const session = await createFashionSession();
  const forward = onnxForward(session, ort.Tensor);
  for (const sample of await readSampleLabels()) {
    const logits = (await forward(await sampleInput(sample.file))) as ort.Tensor;
    assert.equal(logits.dims, [1, 10]);
    assert.is(argmax(logits.data as Float32Array), sample.predicted, sample.file);
  }
});

test("attributions through onnxForward equal those of a hand-written forward", async () => {
  const session = await createFashionSession();
  const [sample] = (await readSampleLabels()).filter((s) => s.file.startsWith("9-"));
  const input = await sampleInput(sample.file);
  const handWritten = async (x: Tensor) => (await session.run({ input: new ort.Tensor("float32", x.data, x.shape) })).logits;
  const options = { ...OPTIONS, target: sample.predicted };
  const expected = await new Occlusion(handWritten).attribute(input, options);
  const actual = await new Occlusion(onnxForward(session, ort.Tensor)).attribute(input, options);
  assert.equal(actual.shape, [1, 1, 28, 28]);
  assert.equal(Array.from(actual.data), Array.from(expected.data));
  assert.ok(actual.data.some((value) => value !== 0), "the map is not all zero");
});

/** A session stand-in that records its feeds and returns the sum of each example's inputs. */
function recordingSession(inputNames: string[], outputNames = ["out"]) {
  const feeds: Record<string, ort.Tensor>[] = [];
  const session: OnnxSessionLike = {
    inputNames, outputNames,
    async run(given) {
      feeds.push(given as Record<string, ort.Tensor>);
      const first = given[inputNames[0]] as ort.Tensor;
      const batch = first.dims[0];
      const sums = new Float32Array(batch);
      for (const name of Object.keys(given)) {
        const t = given[name] as ort.Tensor;
        const size = t.data.length / batch;
        for (let i = 0; i < t.data.length; i++) sums[Math.floor(i / size)] += Number(t.data[i]);
      }
      return Object.fromEntries(outputNames.map((name) => [name, new ort.Tensor("float32", sums, [batch])]));
    },
  };
  return { session, feeds };
}

test("several inputs and tensor additional arguments feed the session's inputs in order, with their dims", async () => {
  const { session, feeds } = recordingSession(["a", "b", "ids"]);
  const forward = onnxForward(session, ort.Tensor, { inputTypes: { ids: "int64" } });
  const a = tensor([[1, 2, 3]]);
  const b = tensor([[[4], [5]]]);
  const ids = { data: Int32Array.of(7, 8), shape: [1, 2] };
  const [attrA, attrB] = await new Occlusion(forward).attribute([a, b], {
    slidingWindowShapes: [[1], [1, 1]], strides: [1, [1, 1]], additionalForwardArgs: [ids], perturbationsPerEval: 2,
  });
  assert.equal(Array.from(attrA.data), [1, 2, 3]); // a sum: each value's own contribution
  assert.equal(Array.from(attrB.data), [4, 5]);
  const last = feeds[1]; // the first perturbed batch: two perturbations
  assert.equal(Object.keys(last), ["a", "b", "ids"]);
  assert.equal(last.a.dims, [2, 3]);
  assert.equal(last.b.dims, [2, 2, 1]);
  assert.is(last.ids.type, "int64");
  assert.equal(Array.from(last.ids.data as BigInt64Array, Number), [7, 8, 7, 8]);
});

test("inputNames and outputName choose what is fed and read", async () => {
  const { session, feeds } = recordingSession(["mask", "x"], ["aux", "score"]);
  const forward = onnxForward(session, ort.Tensor, { inputNames: ["x", "mask"], outputName: "score" });
  const output = (await forward(tensor([[1, 2]]), tensor([[1, 1]]))) as ort.Tensor;
  assert.equal(Object.keys(feeds[0]), ["x", "mask"]);
  assert.equal(Array.from(output.data as Float32Array), [5]);
});

test("a wrong argument count, an unknown output and a missing constructor are OcclusionErrors", async () => {
  const { session } = recordingSession(["a", "b"]);
  const error = await onnxForward(session, ort.Tensor)(tensor([[1]])).catch((e: unknown) => e);
  assert.instance(error, OcclusionError);
  assert.is((error as OcclusionError).code, "ADAPTER_INPUTS");
  assert.match((error as Error).message, "takes 2 input(s) (a, b)");
  assert.throws(() => onnxForward(session, ort.Tensor, { outputName: "nope" }), (e: OcclusionError) => e.code === "ADAPTER_MODEL" && /"nope"/.test(e.message));
  assert.throws(() => onnxForward(session, undefined as never), (e: OcclusionError) => e.code === "ADAPTER_MODEL");
});

test("a failing session run ends the attribution with FORWARD_FAILED", async () => {
  const session = await createFashionSession();
  const wrong = tensor(new Float32Array(27 * 27), [1, 1, 27, 27]);
  const error = await new Occlusion(onnxForward(session, ort.Tensor)).attribute(wrong, OPTIONS).catch((e: unknown) => e);
  assert.is((error as OcclusionError).code, "FORWARD_FAILED");
});

test.run();
