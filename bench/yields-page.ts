// The page side of yields-browser.ts: bundled with the library and run in Chromium.
import { init } from "../src/index.ts";
import { measureYields } from "./yields.ts";

(globalThis as { measureYields?: () => ReturnType<typeof measureYields> }).measureYields = async () => {
  await init();
  return measureYields();
};
