"""Write what JavaScript needs from a trained FashionNet: model.onnx, model.json,
one sample PNG per class and samples/labels.json (the PyTorch logits to match).
"""
import json
from pathlib import Path

import numpy as np
import torch

from net import CLASS_NAMES, PIXEL_MEAN, PIXEL_STD
from png import write_gray_png

HERE = Path(__file__).resolve().parent
# onnxruntime-web 1.x runs opsets 7 and up; 13 is the oldest with everything used here.
OPSET = 13
SAMPLE_SLUGS = [
    "tshirt", "trouser", "pullover", "dress", "coat",
    "sandal", "shirt", "sneaker", "bag", "ankle-boot",
]


def export_onnx(model, path):
    """ONNX with a dynamic batch dimension: occlusion stacks perturbed copies along dim 0."""
    model.eval()
    example = torch.zeros(2, 1, 28, 28)
    torch.onnx.export(
        model, example, str(path),
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=OPSET, do_constant_folding=True,
    )


def pick_samples(labels, logits):
    """First test image of each class that the model gets right (or the first one at all)."""
    predicted = logits.argmax(1).numpy()
    picks = []
    for label in range(len(CLASS_NAMES)):
        of_class = np.flatnonzero(labels == label)
        correct = of_class[predicted[of_class] == label]
        picks.append(int(correct[0] if len(correct) else of_class[0]))
    return picks


@torch.no_grad()
def write_samples(model, images, labels, picks):
    """PNG files plus labels.json; logits come from one batch of exactly the PNG pixels."""
    model.eval()
    batch = torch.from_numpy(images[picks].astype(np.float32) / 255.0).unsqueeze(1)
    logits = model(batch)
    entries = []
    for row, index in enumerate(picks):
        label = int(labels[index])
        file = f"{label}-{SAMPLE_SLUGS[label]}.png"
        write_gray_png(HERE / "samples" / file, images[index])
        predicted = int(logits[row].argmax())
        entries.append({
            "file": file,
            "label": label,
            "className": CLASS_NAMES[label],
            "testIndex": index,
            "predicted": predicted,
            "predictedClassName": CLASS_NAMES[predicted],
            "logits": [float(v) for v in logits[row]],
        })
    write_json(HERE / "samples" / "labels.json", entries)
    return entries


def write_metadata(accuracy, settings):
    """model.json: how to call the model and how it came to be."""
    write_json(HERE / "model.json", {
        "file": "model.onnx",
        "opset": OPSET,
        "input": {"name": "input", "type": "float32", "shape": ["batch", 1, 28, 28],
                  "range": [0, 1], "normalisation": f"inside the model: (x - {PIXEL_MEAN}) / {PIXEL_STD}"},
        "output": {"name": "logits", "type": "float32", "shape": ["batch", len(CLASS_NAMES)]},
        "classNames": CLASS_NAMES,
        "testAccuracy": round(accuracy, 4),
        "testImages": 10000,
        "dataset": "Fashion-MNIST (Debian package dataset-fashion-mnist)",
        "training": {**settings, "torch": torch.__version__,
                     "script": "examples/fashion-mnist/train.py"},
    })


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2) + "\n")


def export_all(model, test_images, test_labels, test_logits, accuracy, settings):
    (HERE / "samples").mkdir(exist_ok=True)
    export_onnx(model, HERE / "model.onnx")
    picks = pick_samples(test_labels, test_logits)
    for entry in write_samples(model, test_images, test_labels, picks):
        print(f"{entry['file']}: predicted {entry['predictedClassName']}")
    write_metadata(accuracy, settings)
    print(f"wrote {HERE / 'model.onnx'} ({(HERE / 'model.onnx').stat().st_size} bytes)")
