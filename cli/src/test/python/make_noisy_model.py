"""Makes cli/src/test/resources/noisy-image-model/model.pt: a tiny image classifier whose every
forward makes libtorch print a C++ warning on stderr ("An output with one or more elements was
resized ..."), the way "Could not initialize NNPACK!" is printed at every convolution on CPUs whose
caches NNPACK cannot read. The CLI must keep such lines off the user's stderr unless --verbose.

Run with any PyTorch (Debian's python3-torch 1.13 made the committed file):

    python3 cli/src/test/python/make_noisy_model.py cli/src/test/resources/noisy-image-model
"""
import sys

import torch
import torch.nn as nn


class Noisy(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 4 * 4, 2)

    def forward(self, x):
        buf = torch.zeros(1)
        # Writing a [B, 3, 4, 4] result into a 1-element out= tensor resizes it, which libtorch
        # warns about in C++ (c10 logging), not in Python. On a detached copy, so autograd is fine.
        torch.mul(x.detach(), 1.0, out=buf)
        # Use buf, or TorchScript drops the call as dead code.
        return self.fc(x.flatten(1)) + 0.0 * buf.sum()


if __name__ == "__main__":
    torch.manual_seed(0)
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    torch.jit.script(Noisy().eval()).save(f"{out}/model.pt")
