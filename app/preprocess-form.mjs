// The preprocessing controls: filled from the model (input shape, metadata), read into
// occlusion-wasm/image's imageToTensor options. Fixed model sizes lock width and height.
import { NORMALIZATIONS } from "./lib/image.mjs";

const ids = ["width", "height", "fit", "channels", "order", "layout", "background", "normalization", "mean", "std"];

export function createPreprocessForm(document) {
  const field = Object.fromEntries(ids.map((id) => [id, document.getElementById(`pre-${id}`)]));
  return {
    field,
    /** Defaults for a model: its input (layout, channels, size; null = free) and metadata options. */
    setModel(input, metadata) {
      field.layout.value = metadata.layout ?? input.layout;
      field.channels.value = String(metadata.channels ?? input.channels ?? 3);
      field.channels.disabled = input.channels !== null || field.layout.value === "nhw";
      field.layout.disabled = true;
      for (const side of ["width", "height"]) {
        field[side].value = input[side] ?? "";
        field[side].disabled = input[side] !== null;
      }
      field.fit.value = metadata.fit ?? "crop";
      field.order.value = metadata.order ?? "rgb";
      field.background.value = toHex(metadata.background ?? "#000000");
      field.normalization.value = metadata.normalization ?? "0-1";
      field.mean.value = metadata.mean ? [].concat(metadata.mean).join(", ") : "";
      field.std.value = metadata.std ? [].concat(metadata.std).join(", ") : "";
    },
    /** A free size follows the image (longest side at most 512) until the user sets it. */
    setImageSize(width, height) {
      if (field.width.disabled && field.height.disabled) return;
      const shrink = Math.min(1, 512 / Math.max(width, height));
      if (!field.width.disabled) field.width.value = String(Math.max(1, Math.round(width * shrink)));
      if (!field.height.disabled) field.height.value = String(Math.max(1, Math.round(height * shrink)));
    },
    read() {
      const list = (text) => (text.trim() === "" ? undefined : text.split(",").map((part) => Number(part)));
      return {
        width: Number(field.width.value),
        height: Number(field.height.value),
        fit: field.fit.value,
        layout: field.layout.value,
        channels: Number(field.channels.value),
        order: field.order.value,
        background: field.background.value,
        normalization: field.normalization.value,
        mean: list(field.mean.value),
        std: list(field.std.value),
      };
    },
    onChange(listener) {
      for (const id of ids) field[id].addEventListener("change", listener);
    },
    presets: NORMALIZATIONS,
  };
}

function toHex(background) {
  if (Array.isArray(background)) return "#" + background.map((v) => v.toString(16).padStart(2, "0")).join("");
  return { black: "#000000", white: "#ffffff" }[background] ?? (background.startsWith("#") ? background : `#${background}`);
}
