"""Writes the tiny TorchScript test models under src/test/resources/torchscript.

Run once by hand with any PyTorch (2.x) and commit the outputs; the Java tests never need Python.
The weights are fixed numbers (not random) so the Java tests can recompute the network by hand.

    python spi/src/test/python/make_torchscript.py spi/src/test/resources/torchscript
"""

import sys
import torch
from torch import nn


class TanhMlp(nn.Module):
    """x [B,3] -> logits [B,2]: tanh(x W1^T + b1) W2^T + b2, with hand-set weights."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 2)
        with torch.no_grad():
            self.fc1.weight.copy_(torch.tensor([[0.5, -0.25, 0.75], [-0.5, 0.5, 0.25],
                                                [0.3, 0.2, -0.1], [0.1, -0.7, 0.4]]))
            self.fc1.bias.copy_(torch.tensor([0.1, -0.2, 0.05, 0.0]))
            self.fc2.weight.copy_(torch.tensor([[1.0, -0.5, 0.25, 0.8], [-0.6, 0.9, 0.4, -0.3]]))
            self.fc2.bias.copy_(torch.tensor([0.05, -0.05]))

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


class MaskedSum(nn.Module):
    """inputs_embeds [B,L,D], attention_mask int64 [B,L] -> [B,2]: masked mean-pool then linear."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(2, 2, bias=False)
        with torch.no_grad():
            self.proj.weight.copy_(torch.tensor([[1.0, 2.0], [-1.0, 0.5]]))

    def forward(self, inputs_embeds, attention_mask):
        m = attention_mask.to(inputs_embeds.dtype).unsqueeze(-1)
        pooled = (inputs_embeds * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.proj(torch.tanh(pooled))


def main(out):
    torch.jit.trace(TanhMlp().eval(), torch.zeros(1, 3)).save(f"{out}/tanh_mlp.pt")
    emb = torch.zeros(1, 3, 2)
    mask = torch.ones(1, 3, dtype=torch.int64)
    torch.jit.trace(MaskedSum().eval(), (emb, mask)).save(f"{out}/masked_sum.pt")


if __name__ == "__main__":
    main(sys.argv[1])
