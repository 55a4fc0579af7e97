// A consumer's correct uses of the published types: must compile with every supported
// TypeScript, with or without the DOM lib (scripts/check-types.mjs).
import { ERROR_CODES, FeatureAblation, Occlusion, OcclusionError, init, tensor, type AttributeOptions, type Tensor } from "occlusion-wasm";
import { onnxForward, tfjsForward } from "occlusion-wasm/adapters";
import { normalizeAttr, visualizeImageAttr } from "occlusion-wasm/visualize";
import kernel from "occlusion-wasm/kernel.simd.wasm";
import scalarKernel from "occlusion-wasm/kernel.scalar.wasm";

const image = tensor([[[0, 1], [1, 0]]]);
const flat = tensor(new Float32Array(8), [2, 1, 2, 2] as const);

// Forwards: unannotated parameters are Tensors; any output form attribute reads.
const scalarPerExample = new Occlusion((x) => x.data[0]);
const twoInputs = new Occlusion(async (a, b) => ({ data: Float32Array.of(a.data[0] + b.data[0]), shape: [1] }));
const withExtraArgs = new Occlusion((x: Tensor, scale: number, mask: { data: Int32Array; shape: number[] }) => [x.data[0] * scale + mask.data[0]]);
const nested = new Occlusion((x) => [[x.data[0], 1 - x.data[0]]]);
const onnxLike = new Occlusion(async (x) => ({ data: x.data as Float32Array | BigInt64Array | string[], dims: [x.shape[0], 1] as readonly number[] }));
const tfLike = new Occlusion((x) => ({ shape: [x.shape[0]], dataSync: () => new Float32Array(x.shape[0]) }));
const typedArray = new Occlusion((x) => new Float64Array(x.shape[0]));

// Integer inputs: the forward annotates its input type; FeatureAblation types its forward alike.
const tokenModel = new Occlusion((ids: Tensor<BigInt64Array>) => ids.data.length);
const ablation = new FeatureAblation((x) => x.data[0]);
const tokenAblation = new FeatureAblation(async (ids: Tensor<Int32Array>, scale: number) => [ids.data[0] * scale]);

// Readonly and `as const` tuples for every shape-like option.
const options = {
  slidingWindowShapes: [1, 1, 1] as const,
  strides: [1, 1, 1] as const,
  baselines: [0] as const,
  target: [0] as const,
  perturbationsPerEval: 2,
  showProgress: ({ done, total }: { done: number; total: number }) => void (done <= total),
} satisfies AttributeOptions;
const tupleTargets: AttributeOptions = { slidingWindowShapes: [[1, 1, 1]] as const, target: [[0]] as const };
const perInputStrides: AttributeOptions = { slidingWindowShapes: [[1, 1, 1], [1, 1, 1]], strides: [1, [1, 1, 1] as const] as const };

export async function run(): Promise<number> {
  await init({ module: kernel });
  await init({ module: scalarKernel, simd: false });
  const one: Tensor = await scalarPerExample.attribute(image, options);
  const several: Tensor[] = await twoInputs.attribute([image, image] as const, perInputStrides);
  await withExtraArgs.attribute(flat, { slidingWindowShapes: [1, 2, 2], additionalForwardArgs: [2, { data: new Int32Array(2), shape: [2] }] });
  const sync: Tensor = nested.attributeSync(image, tupleTargets);
  await onnxLike.attribute({ data: new Float32Array(4), dims: [1, 1, 2, 2] }, options);
  await tfLike.attribute({ shape: [1, 1, 2, 2], dataSync: () => new Float32Array(4) }, options);
  await typedArray.attribute(image, options);
  await tokenModel.attribute({ data: new BigInt64Array(4), shape: [1, 4] }, { slidingWindowShapes: [1] });
  await ablation.attribute(image, { featureMask: { data: Int32Array.of(0, 0, 1, 1), shape: [1, 1, 2, 2] } as const });
  // perturbationsPerEval "auto"; a progress callback may read the size it settled on.
  await ablation.attribute(image, { perturbationsPerEval: "auto", showProgress: ({ perturbationsPerEval }) => void perturbationsPerEval?.toFixed() });
  await tokenAblation.attribute({ data: new Int32Array(4), shape: [1, 4] }, { additionalForwardArgs: [2] });
  try {
    await scalarPerExample.attribute(image, options);
  } catch (error) {
    if (error instanceof OcclusionError) {
      const description: string = ERROR_CODES[error.code as keyof typeof ERROR_CODES] ?? error.message;
      return description.length;
    }
  }
  const pixels = visualizeImageAttr(one, image, { method: "blended_heat_map", sign: "all" });
  const bytes: Uint8ClampedArray = pixels.data;
  const map: Float32Array = normalizeAttr(one, "all");
  return bytes.length + map.length + several.length + sync.data.length;
}

// The adapters accept structural stand-ins for a runtime's objects.
declare const session: Parameters<typeof onnxForward>[0];
declare const ortTensor: Parameters<typeof onnxForward>[1];
export const fromOnnx = new Occlusion(onnxForward(session, ortTensor, { inputNames: ["input"] as const }));
declare const model: Parameters<typeof tfjsForward>[0];
declare const tf: Parameters<typeof tfjsForward>[1];
export const fromTfjs = new Occlusion(tfjsForward(model, tf));
