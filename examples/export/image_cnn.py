"""Exports a torchvision-style CNN for attrib's `image` modality.

    python3 examples/export/image_cnn.py cli/src/test/resources/recipes/image-cnn

The recipe of docs/models.md ("Image classifier"). The network is a tiny ResNet written out here
(a stem, two BasicBlocks, global average pooling, a linear head) so the script needs nothing but
PyTorch; with torchvision installed you export `torchvision.models.resnet18(weights=...)` in
exactly the same way, with ImageNet's mean/std and 224x224 in the manifest.

    forward(pixels float32 [B, 3, H, W]) -> logits [B, K]

The wrapper `ForAttrib` only renames the argument (torchvision's models call it `x`).
`pixels` arrive already scaled and normalised: attrib divides 8-bit values by the manifest's
`scale` and applies `mean`/`std` per channel, as torchvision's `ToTensor()` + `Normalize(...)`
do. So the model itself must NOT normalise again.

Weights are random (seeded); batch-norm statistics are randomised too, so eval mode is not the
identity. Exported in eval mode (batch norm uses its running statistics: the output of an input
does not depend on the rest of its batch, which attrib's batched gradients need).
"""

import json
import os
import sys

import torch
from torch import nn

LABELS = ["cat", "dog", "bird"]
SIZE = 32
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(2)
        self.layer1 = BasicBlock(8, 8, 1)
        self.layer2 = BasicBlock(8, 16, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, len(LABELS))

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class ForAttrib(nn.Module):
    """Names the forward's argument as attrib's image contract does (`pixels`), so the manifest's
    `inputs` can list it and attrib binds it by name. (With one input, leaving `inputs` out of
    the manifest and tracing the bare model works too: it is passed by position.)"""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixels):
        return self.model(pixels)


def main(out):
    torch.manual_seed(15)
    model = TinyResNet()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    model.eval()
    example = torch.randn(1, 3, SIZE, SIZE)
    # Gradients on (no torch.no_grad()): a CNN traces the same either way, but a habit that
    # breaks transformers is best not formed here.
    traced = torch.jit.trace(ForAttrib(model).eval(), example)
    os.makedirs(out, exist_ok=True)
    traced.save(os.path.join(out, "model.pt"))
    manifest = {
        "modality": "image",
        "name": "image-cnn",
        "description": "docs/models.md recipe: a tiny ResNet (random weights)",
        "format": "torchscript",
        "file": "model.pt",
        "labels": LABELS,
        "activation": "softmax",
        "inputs": ["pixels"],
        "size": [SIZE, SIZE],
        "channels": 3,
        "scale": 255,
        "mean": MEAN,
        "std": STD,
        "resize": "stretch",
    }
    with open(os.path.join(out, "attrib.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print("logits:", traced(example).tolist())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
