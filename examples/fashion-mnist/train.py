#!/usr/bin/python3
"""Train the small Fashion-MNIST CNN and write model.onnx, model.json and samples/.

Run with Debian's Python after `apt-get install python3-torch dataset-fashion-mnist`:
    /usr/bin/python3 examples/fashion-mnist/train.py
Seeded, single process, 2 CPU threads: about 5 minutes on a 2-core machine.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export import export_all  # noqa: E402
from idx import load_split  # noqa: E402
from net import FashionNet  # noqa: E402

SETTINGS = {
    "seed": 2024,
    "epochs": 10,
    "batchSize": 128,
    "optimizer": "Adam",
    "learningRate": 2e-3,
    "schedule": "cosine annealing to 0 over all steps",
    "augmentation": "none",
    "threads": 2,
}


def to_tensors(images, labels):
    """uint8 [N, 28, 28] -> float32 [N, 1, 28, 28] in [0, 1], int64 labels."""
    pixels = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return pixels, torch.from_numpy(labels.astype(np.int64))


def train(model, pixels, labels, settings):
    """Mini-batch Adam with a cosine schedule; shuffling uses its own seeded generator."""
    batch_size, epochs = settings["batchSize"], settings["epochs"]
    steps = epochs * ((len(labels) + batch_size - 1) // batch_size)
    optimizer = torch.optim.Adam(model.parameters(), lr=settings["learningRate"])
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    shuffle = torch.Generator().manual_seed(settings["seed"])
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        started, total_loss = time.time(), 0.0
        order = torch.randperm(len(labels), generator=shuffle)
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(pixels[batch]), labels[batch])
            loss.backward()
            optimizer.step()
            schedule.step()
            total_loss += loss.item() * len(batch)
        print(f"epoch {epoch + 1}/{epochs}: loss {total_loss / len(labels):.4f} "
              f"({time.time() - started:.0f} s)", flush=True)


@torch.no_grad()
def predict(model, pixels, batch_size=1000):
    """Logits for every example, in evaluation mode."""
    model.eval()
    return torch.cat([model(pixels[i:i + batch_size]) for i in range(0, len(pixels), batch_size)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    args = parser.parse_args()
    settings = {**SETTINGS, "epochs": args.epochs}

    torch.manual_seed(settings["seed"])
    torch.set_num_threads(settings["threads"])
    torch.use_deterministic_algorithms(True)

    train_pixels, train_labels = to_tensors(*load_split("train"))
    test_images, test_labels_u8 = load_split("t10k")
    test_pixels, test_labels = to_tensors(test_images, test_labels_u8)

    model = FashionNet()
    started = time.time()
    train(model, train_pixels, train_labels, settings)
    seconds = time.time() - started

    test_logits = predict(model, test_pixels)
    accuracy = (test_logits.argmax(1) == test_labels).float().mean().item()
    print(f"test accuracy: {accuracy:.4f} ({len(test_labels)} images), "
          f"training took {seconds:.0f} s", flush=True)

    export_all(model, test_images, test_labels_u8, test_logits, accuracy, settings)


if __name__ == "__main__":
    main()
