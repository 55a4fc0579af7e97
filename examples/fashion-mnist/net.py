"""The small CNN exported to model.onnx.

Takes plain pixels in [0, 1] and normalises inside the model, so JavaScript
callers feed raw image data; returns logits over the 10 classes.
"""
import torch
from torch import nn

# Mean and standard deviation of the Fashion-MNIST training pixels in [0, 1].
PIXEL_MEAN = 0.2860
PIXEL_STD = 0.3530

CLASS_NAMES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]


class FashionNet(nn.Module):
    """Two conv blocks (28 -> 14 -> 7) and a small classifier head."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Dropout(0.25),
            nn.Linear(32 * 7 * 7, 64), nn.ReLU(),
            nn.Linear(64, len(CLASS_NAMES)),
        )

    def forward(self, pixels):
        x = (pixels - PIXEL_MEAN) / PIXEL_STD
        return self.classifier(self.features(x))
