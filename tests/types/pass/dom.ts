// With the DOM lib (checked only there): the pixels fit ImageData, a real AbortSignal
// and URL are accepted.
import { Occlusion, init, tensor } from "occlusion-wasm";
import { visualizeImageAttr } from "occlusion-wasm/visualize";

export async function draw(context: CanvasRenderingContext2D): Promise<void> {
  await init({ wasm: new URL("/assets/kernel.simd.wasm", location.href) });
  const image = tensor([[[0, 1], [1, 0]]]);
  const controller = new AbortController();
  const attribution = await new Occlusion((x) => x.data[0]).attribute(image, { slidingWindowShapes: [1, 1, 1], signal: controller.signal });
  const { data, width, height } = visualizeImageAttr(attribution);
  context.putImageData(new ImageData(data, width, height), 0, 0);
}
