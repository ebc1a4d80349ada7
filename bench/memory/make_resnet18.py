"""Writes a ResNet-18-sized attrib image model folder for the memory benchmark (bench/README.md).

    python3 bench/memory/make_resnet18.py OUT_DIR [IMAGE.png]

With IMAGE.png it also writes a seeded 224x224 test picture there (smooth colour gradients, a disc
and noise; written with zlib alone, no imaging library).

ResNet-18 exactly as torchvision builds it (He et al. 2016: a 7x7 stem, max pooling, four stages
of two BasicBlocks with 64, 128, 256, 512 channels, global average pooling, a linear head; 11.7
million parameters, about 45 MB of float32), written out by hand because Debian's python3-torch
has no torchvision. The weights are random (seeded) and the batch-norm statistics are randomised,
so eval mode is not the identity; only the memory and time of a forward+backward matter here,
which depend on the architecture, not on the weights. 1000 labels, 224x224, ImageNet's mean and
std in the manifest, as for a real torchvision ResNet-18 (docs/models.md, "Image classifier").

Traced in eval mode with gradients on (rule 1 of docs/models.md). The ~45 MB file is made at
benchmark time and never committed.
"""

import json
import os
import struct
import sys
import zlib

import torch
from torch import nn

SIZE = 224
CLASSES = 1000
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet18(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        stages = []
        cin = 64
        for cout, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            stages.append(nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)))
            cin = cout
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, CLASSES)

    def forward(self, pixels):
        x = self.maxpool(self.relu(self.bn1(self.conv1(pixels))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def write_png(path):
    """A seeded 224x224 RGB picture: colour gradients, a bright disc, a little noise."""
    g = torch.Generator().manual_seed(7)
    ys = torch.arange(SIZE).view(SIZE, 1).expand(SIZE, SIZE).float() / (SIZE - 1)
    xs = torch.arange(SIZE).view(1, SIZE).expand(SIZE, SIZE).float() / (SIZE - 1)
    disc = (((xs - 0.6) ** 2 + (ys - 0.4) ** 2) < 0.06).float()
    rgb = torch.stack([0.2 + 0.6 * xs, 0.3 + 0.5 * ys, 0.5 - 0.3 * xs]) + 0.35 * disc
    rgb = (rgb + 0.05 * torch.randn(3, SIZE, SIZE, generator=g)).clamp(0, 1)
    pixels = (rgb * 255).round().to(torch.uint8).permute(1, 2, 0).contiguous()
    raw = b"".join(b"\x00" + bytes(pixels[y].flatten().tolist()) for y in range(SIZE))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def main(out, image=None):
    torch.manual_seed(13)
    model = ResNet18()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.0)
                m.bias.uniform_(-0.1, 0.1)
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    example = torch.randn(1, 3, SIZE, SIZE)
    traced = torch.jit.trace(model, example)  # gradients on: not under torch.no_grad()
    os.makedirs(out, exist_ok=True)
    traced.save(os.path.join(out, "model.pt"))
    manifest = {
        "modality": "image",
        "name": "resnet18-random",
        "description": "bench/memory: ResNet-18 architecture, random seeded weights",
        "format": "torchscript",
        "file": "model.pt",
        "labels": ["class %d" % i for i in range(CLASSES)],
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
    print("%s: ResNet-18, %d parameters, %.1f MB" % (
        out, params, os.path.getsize(os.path.join(out, "model.pt")) / 1e6))
    if image:
        write_png(image)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
