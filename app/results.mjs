// What the app shows: the top-5 classes (pick the target), the three pictures drawn with
// occlusion-wasm/visualize, the colour legend with the value range, and the two downloads.
import { visualizeImageAttr, cumulativeSumThreshold } from "./lib/visualize.mjs";

const OUTLIER_PERC = 2; // Captum's default: the top 2 % of attribution mass is clipped

/** Softmax probabilities and the five best classes, as radio buttons; onPick(index). */
export function showTopClasses(list, scores, labels, target, onPick, scoreName = "score") {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]).slice(0, 5);
  if (!order.includes(target)) order.push(target); // a picked class stays visible
  list.replaceChildren(...order.map((k) => {
    const item = document.createElement("li");
    item.dataset.classIndex = String(k);
    item.dataset.score = String(scores[k]);
    const radio = Object.assign(document.createElement("input"), { type: "radio", name: "target", value: String(k), checked: k === target });
    radio.addEventListener("change", () => onPick(k));
    const name = labels?.[k] ?? `class ${k}`;
    const probability = exps[k] / total;
    const label = document.createElement("label");
    label.append(radio, ` ${name} `, Object.assign(document.createElement("meter"), { min: 0, max: 1, value: probability }),
      `${(100 * probability).toFixed(1)} % (${scoreName} ${scores[k].toFixed(3)})`);
    item.append(label);
    return item;
  }));
}

export function createPictures(document) {
  const canvas = (id) => document.getElementById(id);
  const layoutOf = (layout) => (layout === "nhwc" ? "hwc" : "chw");
  let last = null;
  return {
    drawInput(pixels, layout) {
      put(canvas("input-canvas"), visualizeImageAttr(pixels, pixels, { method: "original_image", layout: layoutOf(layout), imageLayout: layoutOf(layout) }));
      clear(canvas("heatmap-canvas"));
      clear(canvas("blended-canvas"));
      canvas("heatmap-canvas").dataset.frame = "none";
      canvas("heatmap-canvas").dataset.partialFrames = "0";
      last = null;
    },
    /** The finished map: heat map, blended map, legend and range; returns the three RGBA images. */
    drawAttribution(attribution, pixels, layout, { partial = false } = {}) {
      const options = { sign: "all", outlierPerc: OUTLIER_PERC, layout: layoutOf(layout), imageLayout: layoutOf(layout) };
      const images = {
        input: visualizeImageAttr(pixels, pixels, { ...options, method: "original_image" }),
        heatMap: visualizeImageAttr(attribution, null, { ...options, method: "heat_map" }),
        blended: visualizeImageAttr(attribution, pixels, { ...options, method: "blended_heat_map" }),
      };
      put(canvas("heatmap-canvas"), images.heatMap);
      put(canvas("blended-canvas"), images.blended);
      const heat = canvas("heatmap-canvas");
      heat.dataset.frame = partial ? "partial" : "final";
      // For anyone watching (the app's test): how many partial frames came before the final one.
      if (partial) heat.dataset.partialFrames = String(Number(heat.dataset.partialFrames ?? 0) + 1);
      if (partial) return images;
      drawLegend(document, attribution, layout);
      last = images;
      return images;
    },
    /**
     * Draws a throw-away map once while the page is idle: the first use of the picture code
     * (compiling it, building colour tables) took ~100 ms of main thread in the middle of
     * the first run; now it is paid before Explain is pressed.
     */
    warmUp() {
      const idle = self.requestIdleCallback ?? ((callback) => setTimeout(callback, 200));
      idle(() => {
        const dummy = { data: Float32Array.from({ length: 64 }, (_, i) => Math.sin(i)), shape: [1, 1, 8, 8] };
        visualizeImageAttr(dummy, null, { method: "heat_map", sign: "all", outlierPerc: OUTLIER_PERC });
        visualizeImageAttr(dummy, dummy, { method: "blended_heat_map", sign: "all", outlierPerc: OUTLIER_PERC });
        cumulativeSumThreshold(dummy.data.map(Math.abs), 100 - OUTLIER_PERC);
      });
    },
    /**
     * input | heat map | blended, side by side, each enlarged by a whole factor (nearest
     * neighbour, so pixels stay crisp) to about 448 px a side, as a PNG blob.
     */
    async picturePng() {
      const { input } = last;
      const zoom = pictureZoom(input.width, input.height);
      const parts = [last.input, last.heatMap, last.blended].map((image) => enlarge(image, zoom));
      const out = new OffscreenCanvas(parts.reduce((sum, part) => sum + part.width, 0), parts[0].height);
      const context = out.getContext("2d");
      let x = 0;
      for (const part of parts) {
        context.putImageData(new ImageData(part.data, part.width, part.height), x, 0);
        x += part.width;
      }
      return out.convertToBlob({ type: "image/png" });
    },
  };
}

/** The colour scale: a ramp from -t to +t drawn by the same heat map, and the numbers. */
function drawLegend(document, attribution, layout) {
  const ramp = Float32Array.from({ length: 256 }, (_, i) => (i / 255) * 2 - 1);
  put(document.getElementById("legend"), visualizeImageAttr({ data: ramp, shape: [1, 1, 256] }, null, { method: "heat_map", sign: "all", outlierPerc: 0, layout: "chw" }));
  const summed = sumChannels(attribution, layout);
  const threshold = cumulativeSumThreshold(summed.map(Math.abs), 100 - OUTLIER_PERC);
  let min = Infinity, max = -Infinity;
  for (const value of summed) (min = Math.min(min, value)), (max = Math.max(max, value));
  document.getElementById("legend-min").textContent = (-threshold).toPrecision(3);
  document.getElementById("legend-max").textContent = `+${threshold.toPrecision(3)}`;
  document.getElementById("range").textContent = `green: covering it lowers the score (it supports the class); red: covering it raises the score (it speaks against the class). ` +
    `Colours span ±${threshold.toPrecision(3)} (the top ${OUTLIER_PERC} % clipped); attributions, summed over channels, range from ${min.toPrecision(3)} to ${max.toPrecision(3)}.`;
}

function sumChannels({ data, shape }, layout) {
  if (layout === "nhw" || (layout === "nchw" && shape[1] === 1) || (layout === "nhwc" && shape[3] === 1)) return Float32Array.from(data);
  const channels = layout === "nchw" ? shape[1] : shape[3];
  const area = data.length / channels;
  const out = new Float32Array(area);
  for (let p = 0; p < area; p++) for (let c = 0; c < channels; c++) out[p] += data[layout === "nchw" ? c * area + p : p * channels + c];
  return out;
}

/** The whole factor that brings the longer side to about 448 px (1 for large images). */
export function pictureZoom(width, height) {
  return Math.max(1, Math.floor(448 / Math.max(width, height)));
}

function enlarge({ data, width, height }, zoom) {
  if (zoom === 1) return { data, width, height };
  const out = new Uint8ClampedArray(width * height * zoom * zoom * 4);
  const source = new Uint32Array(data.buffer, data.byteOffset, width * height), target = new Uint32Array(out.buffer);
  for (let y = 0; y < height * zoom; y++) {
    const row = Math.floor(y / zoom) * width;
    for (let x = 0; x < width * zoom; x++) target[y * width * zoom + x] = source[row + Math.floor(x / zoom)];
  }
  return { data: out, width: width * zoom, height: height * zoom };
}

function put(canvas, { data, width, height }) {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").putImageData(new ImageData(data, width, height), 0, 0);
}

function clear(canvas) {
  canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
}
