// The three pictures: the input image, the heat map and the chosen overlay method, each
// one canvas pixel per input pixel (CSS scales them up, pixelated). Drawing goes through
// the library's visualizeImageAttr, so what is on a canvas is exactly its RGBA output.
import { visualizeImageAttr } from "occlusion-wasm/visualize";

export function createPanels(document) {
  const canvas = (id) => document.getElementById(id);
  const image = canvas("image-canvas"), heatMap = canvas("heatmap-canvas"), overlay = canvas("overlay-canvas");
  const overlayCaption = document.getElementById("overlay-caption");
  const overlayNote = document.getElementById("overlay-note");

  return {
    /** The input alone (no attribution yet). */
    drawImage(input) {
      put(image, visualizeImageAttr(input, input, { method: "original_image" }));
    },

    /**
     * attr and image are [1, 1, H, W]; view: { method, sign }. A preview frame passes
     * `covered` (1 per pixel some finished window covers): the heat map leaves the other
     * pixels transparent, so "not measured yet" does not look like "no effect".
     */
    drawAttribution(attr, input, { method, sign }, covered) {
      const partial = covered !== undefined;
      const heat = visualizeImageAttr(attr, null, { method: "heat_map", sign });
      if (partial) covered.forEach((isCovered, i) => isCovered || (heat.data[4 * i + 3] = 0));
      put(heatMap, heat);
      overlayCaption.textContent = method.replaceAll("_", " ");
      overlayNote.textContent = "";
      try {
        put(overlay, visualizeImageAttr(attr, input, { method, sign }));
      } catch (error) {
        // masked_image and alpha_scaling cannot show two signs (Captum refuses too).
        overlayNote.textContent = error.message;
        clear(overlay);
      }
      // For anyone watching (the page's test): which frame this is, and how many previews came before.
      heatMap.dataset.frame = partial ? "partial" : "final";
      if (partial) heatMap.dataset.partialFrames = String(Number(heatMap.dataset.partialFrames ?? 0) + 1);
    },

    clearAttribution() {
      clear(heatMap);
      clear(overlay);
      heatMap.dataset.frame = "none";
      heatMap.dataset.partialFrames = "0";
    },
  };
}

function put(canvas, { data, width, height }) {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").putImageData(new ImageData(data, width, height), 0, 0);
}

function clear(canvas) {
  canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
}
