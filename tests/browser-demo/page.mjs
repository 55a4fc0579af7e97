// Drives examples/browser/index.html in Chromium as a user would: picks the settings in
// its controls, waits for the run they start to finish, and reads back what it drew.

const SETTING_KEYS = ["sample", "window", "stride", "method", "sign"];

/**
 * Sets the controls (a change event each, as a user's edit gives) and waits for that run.
 * pauseMs slows the page's batches down, so that a preview frame can be caught;
 * previewScreenshot, if given, is where a screenshot of that moment goes.
 */
export async function runDemo(page, settings, { pauseMs = 200, timeout = 60_000, previewScreenshot } = {}) {
  await page.selectOption("#sample", settings.sample);
  for (const id of ["window", "stride"]) {
    await page.fill(`#${id}`, String(settings[id]));
    await page.locator(`#${id}`).blur(); // number inputs fire change when they lose focus
  }
  await page.selectOption("#method", settings.method);
  await page.selectOption("#sign", settings.sign);
  await page.selectOption("#pause", String(pauseMs));
  const wanted = Object.fromEntries(SETTING_KEYS.map((key) => [key, settings[key]]));

  // A preview frame of this run (the status names the run), while it is still running.
  const preview = await waitForRun(page, wanted, "partial", timeout)
    .then(async () => {
      const pixels = await readCanvas(page, "heatmap-canvas");
      if (previewScreenshot) await page.screenshot({ path: previewScreenshot, fullPage: true });
      return pixels;
    })
    .catch(() => null);
  const reported = await waitForRun(page, wanted, "final", timeout);
  return { reported, preview, ...(await readDrawing(page)) };
}

/** Waits until the heat map shows a `frame` ("partial" or "final") of the run with these settings. */
async function waitForRun(page, wanted, frame, timeout) {
  const handle = await page.waitForFunction(({ wanted, frame }) => {
    const status = document.getElementById("status");
    const settings = JSON.parse(status.dataset.settings ?? "{}");
    if (!Object.entries(wanted).every(([key, value]) => settings[key] === value)) return false;
    if (status.dataset.state === "error") return { error: status.textContent };
    const drawn = document.getElementById("heatmap-canvas").dataset.frame === frame;
    const finished = status.dataset.state === "done";
    return drawn && (frame === "final" ? finished : !finished) && settings;
  }, { wanted, frame }, { timeout, polling: "raf" });
  const value = await handle.jsonValue();
  if (value.error) throw new Error(`the page reports an error: ${value.error}`);
  return value;
}

async function readDrawing(page) {
  return {
    heatMap: await readCanvas(page, "heatmap-canvas"),
    overlay: await readCanvas(page, "overlay-canvas"),
    partialFrames: Number(await page.getAttribute("#heatmap-canvas", "data-partial-frames")),
    predicted: Number(await page.getAttribute("#prediction .headline", "data-class-index")),
    headline: await page.textContent("#prediction .headline"),
    probabilities: await page.$$eval("#prediction li", (items) => items.map((item) => Number(item.dataset.probability))),
  };
}

/** The canvas's own pixels (28x28 RGBA), not the scaled-up rendering. */
function readCanvas(page, id) {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId);
    return Array.from(canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data);
  }, id);
}
