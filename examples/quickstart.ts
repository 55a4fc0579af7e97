// The main job on a built-in default: a tiny "image classifier" (a fixed linear model
// over a 1x8x8 image of a bright square) and where Occlusion says it looked.
// Run: npm run example
import { Occlusion, tensor } from "../src/index.ts";

const size = 8;
// The image: dark background, a bright 3x3 square at rows 2-4, columns 4-6.
const pixels = Array.from({ length: size * size }, (_, i) => {
  const row = Math.floor(i / size);
  const column = i % size;
  return row >= 2 && row <= 4 && column >= 4 && column <= 6 ? 1 : 0.1;
});
const image = tensor(pixels, [1, 1, size, size]);

// Two classes: "square on the right" weighs the right half, "square on the left" the left.
function forward(input: { data: Float32Array; shape: number[] }) {
  const batch = input.shape[0];
  const logits = new Float32Array(batch * 2);
  for (let example = 0; example < batch; example++) {
    for (let i = 0; i < size * size; i++) {
      const value = input.data[example * size * size + i];
      logits[example * 2 + ((i % size) >= size / 2 ? 0 : 1)] += value;
    }
  }
  return { data: logits, shape: [batch, 2] };
}

const attribution = await new Occlusion(forward).attribute(image, {
  slidingWindowShapes: [1, 3, 3],
  strides: [1, 1, 1],
  baselines: 0,
  target: 0,
  perturbationsPerEval: 8,
});

console.log(`attribution shape: [${attribution.shape}] (target 0: "square on the right")`);
const shades = " .:-=+*#%@";
const max = Math.max(...attribution.data.map(Math.abs));
for (let row = 0; row < size; row++) {
  const cells = Array.from(attribution.data.subarray(row * size, (row + 1) * size));
  const art = cells.map((v) => shades[Math.min(shades.length - 1, Math.round((Math.abs(v) / max) * (shades.length - 1)))]).join(" ");
  console.log(`  ${art}   ${cells.map((v) => v.toFixed(2).padStart(5)).join(" ")}`);
}
