"""ResNet-18 (torchvision's layout: 224x224x3 in, 1000 classes out) with seeded, UNTRAINED
weights, for the end-to-end benchmark. Written out here so that no model hub is needed.

  python3 bench/e2e/resnet18.py OUT_DIR     writes OUT_DIR/resnet18.onnx and OUT_DIR/resnet18.pt

The two files hold the same weights: the .onnx is what onnxruntime runs, the .pt (a
state dict) is what the Captum side loads, so both explain the very same function.
Deterministic: the same torch version writes the same bytes (weights come from seed 0).
"""
import sys
from pathlib import Path

import torch
from torch import nn

SEED = 0


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.down is None else self.down(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet18(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1))
        layers, cin = [], 64
        for cout, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            layers += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.layers(self.stem(x))), 1))


def build():
    torch.manual_seed(SEED)
    model = ResNet18()
    # Untrained BatchNorm would be the identity; seeded statistics make every layer do work
    # and keep activations in a sane range after 17 convolutions.
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
            module.weight.data.uniform_(0.5, 1.0)
            module.bias.data.uniform_(-0.1, 0.1)
    return model.eval()


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = build()
    torch.save(model.state_dict(), out / "resnet18.pt")
    example = torch.zeros(1, 3, 224, 224)
    torch.onnx.export(model, example, str(out / "resnet18.onnx"), input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/e2e/.model")
