// Why "coarse-to-fine" exists, measured on the Fashion-MNIST model (onnxruntime-web):
// the map after a quarter of the windows correlates with the final map far better than
// in the default order, where a quarter of the windows covers only a band of the image.
// Both orders end with the same bits.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ort from "onnxruntime-web";
import { Occlusion, init, type OcclusionPartial, type Tensor } from "../src/index.ts";
import { onnxForward } from "../src/adapters/index.ts";
import { createFashionSession, readSampleImage, readSampleLabels, toModelInput } from "./support/fashion-mnist.ts";

// 26 x 26 windows, one per forward call (Captum's default): in index order a quarter of them is a band of columns.
const OPTIONS = { slidingWindowShapes: [1, 3, 3], strides: [1, 1, 1], perturbationsPerEval: 1 };

function pearson(a: Float32Array, b: Float32Array): number {
  const mean = (x: Float32Array) => x.reduce((sum, v) => sum + v, 0) / x.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

test("after 25 % of the windows, coarse-to-fine's map correlates with the final map far better than the default order's", async () => {
  await init();
  const occlusion = new Occlusion(onnxForward(await createFashionSession(), ort.Tensor));
  const labels = (await readSampleLabels()).slice(0, 5);
  const rows: string[] = [];
  const correlations = { index: [] as number[], "coarse-to-fine": [] as number[] };
  for (const sample of labels) {
    const tensor = toModelInput([await readSampleImage(sample.file)]);
    const input: Tensor = { data: tensor.data as Float32Array, shape: [...tensor.dims] };
    const finals: Float32Array[] = [];
    for (const order of ["index", "coarse-to-fine"] as const) {
      let quarter: Float32Array | null = null;
      const onPartial = (partial: OcclusionPartial) => {
        if (partial.done * 4 <= partial.total) quarter = (partial.attributions() as Tensor).data;
      };
      const result = await occlusion.attribute(input, { ...OPTIONS, target: sample.predicted, order, onPartial, partialIntervalMs: 0 });
      finals.push(result.data);
      correlations[order].push(pearson(quarter!, result.data));
    }
    assert.equal(Array.from(new Uint32Array(finals[1].buffer)), Array.from(new Uint32Array(finals[0].buffer)), `${sample.file}: same bits`);
    rows.push(`${sample.file}: index ${correlations.index.at(-1)!.toFixed(3)}, coarse-to-fine ${correlations["coarse-to-fine"].at(-1)!.toFixed(3)}`);
  }
  console.log(`  correlation with the final map after 25 % of the windows:\n    ${rows.join("\n    ")}`);
  const mean = (list: number[]) => list.reduce((sum, v) => sum + v, 0) / list.length;
  assert.ok(mean(correlations["coarse-to-fine"]) > 0.8, `coarse-to-fine mean ${mean(correlations["coarse-to-fine"])}`);
  assert.ok(mean(correlations["coarse-to-fine"]) > mean(correlations.index) + 0.3, `index mean ${mean(correlations.index)}`);
  correlations.index.forEach((value, index) => assert.ok(correlations["coarse-to-fine"][index] > value, labels[index].file));
});

test.run();
