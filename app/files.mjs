// Getting files into the app: pickers, drag-and-drop anywhere on the page and paste, each
// file routed by its kind (model, labels, image); and decoding an image to straight RGBA.

/** Calls handlers.model / .labels / .image with each file the user gives, however given. */
export function acceptFiles(document, inputs, handlers) {
  const route = (file) => {
    if (!file) return;
    const name = file.name.toLowerCase();
    if (name.endsWith(".onnx")) handlers.model(file);
    else if (name.endsWith(".json") || name.endsWith(".txt")) handlers.labels(file);
    else handlers.image(file); // anything else is tried as an image; decoding says if it is not
  };
  inputs.model.addEventListener("change", () => handlers.model(inputs.model.files[0]));
  inputs.labels.addEventListener("change", () => handlers.labels(inputs.labels.files[0]));
  inputs.image.addEventListener("change", () => handlers.image(inputs.image.files[0]));
  const body = document.body;
  body.addEventListener("dragover", (event) => {
    event.preventDefault();
    body.classList.add("dragging");
  });
  body.addEventListener("dragleave", () => body.classList.remove("dragging"));
  body.addEventListener("drop", (event) => {
    event.preventDefault();
    body.classList.remove("dragging");
    for (const file of event.dataTransfer.files) route(file);
  });
  document.addEventListener("paste", (event) => {
    const item = [...event.clipboardData.items].find((entry) => entry.kind === "file");
    if (item) handlers.image(item.getAsFile());
  });
}

/**
 * The file's pixels as straight RGBA bytes, colours as stored (no colour-space conversion,
 * no premultiplied alpha), so the numbers equal what a PNG decoder in Node reads.
 */
export async function decodeImage(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
  } catch {
    throw new Error(`${file.name} is not an image this browser can decode (PNG, JPEG or WebP)`);
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
  return { data, width, height };
}

export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
