// The three pictures: the input image, the heat map and the chosen overlay method, each
// one canvas pixel per input pixel (CSS scales them up, pixelated). Drawing goes through
// the library's visualizeImageAttr, so what is on a canvas is exactly its RGBA output.
import { visualizeImageAttr } from "occlusion-wasm";

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

    /** attr and image are [1, 1, H, W]; view: { method, sign }. partial marks a preview frame. */
    drawAttribution(attr, input, { method, sign }, partial) {
      put(heatMap, visualizeImageAttr(attr, null, { method: "heat_map", sign }));
      overlayCaption.textContent = method.replaceAll("_", " ");
      overlayNote.textContent = "";
      try {
        put(overlay, visualizeImageAttr(attr, input, { method, sign }));
      } catch (error) {
        // masked_image and alpha_scaling cannot show two signs (Captum refuses too).
        overlayNote.textContent = error.message;
        clear(overlay);
      }
      for (const target of [heatMap, overlay]) target.dataset.frame = partial ? "partial" : "final";
    },

    clearAttribution() {
      clear(heatMap);
      clear(overlay);
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
