// The benchmark model: ResNet-18 with seeded, untrained weights (resnet18.py). At ~45 MB
// it is not committed; it is built on first use into bench/e2e/.model/ by a Python with
// torch (Debian's python3-torch is enough: torch.onnx.export needs no onnx package).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const MODEL_DIR = fileURLToPath(new URL("./.model/", import.meta.url));
const BUILDER = fileURLToPath(new URL("./resnet18.py", import.meta.url));
export const ONNX_PATH = `${MODEL_DIR}resnet18.onnx`;
export const STATE_PATH = `${MODEL_DIR}resnet18.pt`;

/** The first Python that imports torch: $E2E_PYTHON, Debian's /usr/bin/python3, then python3 on PATH. */
export function findTorchPython(): string | undefined {
  const candidates = [process.env.E2E_PYTHON, "/usr/bin/python3", "python3"].filter((c): c is string => !!c);
  return candidates.find((python) => spawnSync(python, ["-c", "import torch"], { stdio: "ignore" }).status === 0);
}

/** Paths of the .onnx and the state dict, building them first when missing. */
export function ensureModel(): { onnx: string; state: string; python: string | undefined } {
  const python = findTorchPython();
  if (!existsSync(ONNX_PATH) || !existsSync(STATE_PATH)) {
    if (!python) throw new Error("bench:e2e: building the ResNet-18 needs a python3 with torch (set E2E_PYTHON), or put resnet18.onnx in " + MODEL_DIR);
    execFileSync(python, [BUILDER, MODEL_DIR], { stdio: "inherit" });
  }
  return { onnx: ONNX_PATH, state: STATE_PATH, python };
}
