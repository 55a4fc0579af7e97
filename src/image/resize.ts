// Geometry and resampling on float RGB planes (alpha already composited). The filter is a
// separable triangle (bilinear) whose support widens with the shrink factor, so shrinking
// averages every source pixel instead of skipping some: the same as Pillow's
// Image.resize(..., BILINEAR) (tests/fixtures/image holds Pillow's results).

/** Three planes of width*height floats, 0..255. */
export interface Planes {
  width: number;
  height: number;
  rgb: [Float32Array, Float32Array, Float32Array];
}

/** How a picture meets another aspect ratio: centre crop, pad with the background, stretch, or none (sizes must match). */
export type Fit = "crop" | "pad" | "stretch" | "none";

/** A source rectangle (crop) and where it lands in the output (pad). */
export interface Placement {
  crop: { x: number; y: number; width: number; height: number };
  inner: { x: number; y: number; width: number; height: number };
}

export function placement(width: number, height: number, outWidth: number, outHeight: number, fit: Fit): Placement {
  const full = { x: 0, y: 0, width, height };
  const whole = { x: 0, y: 0, width: outWidth, height: outHeight };
  if (fit === "crop") {
    // The largest centred rectangle of the output's aspect ratio.
    const scale = Math.min(width / outWidth, height / outHeight);
    const w = Math.min(width, Math.round(outWidth * scale)), h = Math.min(height, Math.round(outHeight * scale));
    return { crop: { x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), width: w, height: h }, inner: whole };
  }
  if (fit === "pad") {
    const scale = Math.min(outWidth / width, outHeight / height);
    const w = Math.max(1, Math.min(outWidth, Math.round(width * scale))), h = Math.max(1, Math.min(outHeight, Math.round(height * scale)));
    return { crop: full, inner: { x: Math.floor((outWidth - w) / 2), y: Math.floor((outHeight - h) / 2), width: w, height: h } };
  }
  return { crop: full, inner: whole };
}

/** Resamples the `crop` rectangle of `planes` to width x height. */
export function resample(planes: Planes, crop: Placement["crop"], width: number, height: number): Planes {
  const sameSize = crop.width === width && crop.height === height;
  const rows = sameSize ? null : weights(crop.height, height);
  const cols = sameSize ? null : weights(crop.width, width);
  const rgb = planes.rgb.map((plane) => {
    const out = new Float32Array(width * height);
    if (!rows || !cols) {
      for (let y = 0; y < height; y++) {
        const from = (crop.y + y) * planes.width + crop.x;
        out.set(plane.subarray(from, from + width), y * width);
      }
      return out;
    }
    // Horizontal pass over the crop's rows, then vertical.
    const mid = new Float32Array(width * crop.height);
    for (let y = 0; y < crop.height; y++) {
      const row = (crop.y + y) * planes.width + crop.x;
      for (let x = 0; x < width; x++) mid[y * width + x] = apply(cols[x], (k) => plane[row + k]);
    }
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = apply(rows[y], (k) => mid[k * width + x]);
    return out;
  }) as Planes["rgb"];
  return { width, height, rgb };
}

interface Taps {
  first: number;
  weights: Float64Array;
}

/** For each output index, the source indices (from `first`) and their normalised weights. */
function weights(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1); // the triangle's half-width in source pixels
  return Array.from({ length: outSize }, (_, i) => {
    const centre = (i + 0.5) * scale;
    const first = Math.max(0, Math.floor(centre - support));
    const last = Math.min(inSize, Math.ceil(centre + support));
    const w = new Float64Array(last - first);
    let total = 0;
    for (let k = first; k < last; k++) total += w[k - first] = Math.max(0, 1 - Math.abs((k + 0.5 - centre) / support));
    for (let k = 0; k < w.length; k++) w[k] /= total;
    return { first, weights: w };
  });
}

function apply({ first, weights }: Taps, at: (k: number) => number): number {
  let sum = 0;
  for (let k = 0; k < weights.length; k++) sum += weights[k] * at(first + k);
  return sum;
}
