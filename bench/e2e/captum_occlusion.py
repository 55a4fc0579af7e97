"""Captum's Occlusion on the benchmark ResNet-18 (same weights as the .onnx), for bench:e2e.

  python3 captum_occlusion.py MODEL.pt IMAGE.f32 THREADS STRIDE PPE[,PPE...] [ATTR_OUT.f32]

IMAGE.f32 is the raw float32 input [1, 3, 224, 224] the JS side explains; the attributions
of the last run go to ATTR_OUT.f32 when given. Prints one JSON
line: {"torch": version, "captum": version, "threads": n, "runs": [{"ppe", "seconds", "target"}]}.
Exits with status 3 when captum cannot be imported (the bench then prints "-").
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from resnet18 import ResNet18  # noqa: E402

try:
    import captum
    from captum.attr import Occlusion
except ImportError:
    sys.exit(3)


def main(model_path, image_path, threads, stride, ppes, attr_out=None):
    torch.set_num_threads(threads)
    model = ResNet18()
    model.load_state_dict(torch.load(model_path))
    model.eval()
    image = torch.from_numpy(np.fromfile(image_path, dtype=np.float32).reshape(1, 3, 224, 224).copy())
    runs = []
    with torch.no_grad():
        target = int(model(image).argmax(1))
        for ppe in ppes:
            model(image.expand(ppe, -1, -1, -1).contiguous())  # warm-up at this batch size, as the JS side does
            started = time.perf_counter()
            attr = Occlusion(model).attribute(image, sliding_window_shapes=(3, 15, 15), strides=(3, stride, stride),
                                              target=target, perturbations_per_eval=ppe)
            seconds = time.perf_counter() - started
            runs.append({"ppe": ppe, "seconds": seconds, "target": target, "sum": float(attr.double().sum())})
    if attr_out:
        attr.numpy().astype(np.float32).tofile(attr_out)
    print(json.dumps({"torch": torch.__version__, "captum": captum.__version__, "threads": torch.get_num_threads(),
                      "runs": runs}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), [int(p) for p in sys.argv[5].split(",")],
         sys.argv[6] if len(sys.argv) > 6 else None)
