"""Writes the demo model folder's network, demo-model/model.pt: a spike detector.

Also writes the two sample inputs, demo-model/record.csv (a spike at t=20) and flat.csv (none).
Run once by hand with any PyTorch 2.x and commit the output; the Java build never needs Python:

    python examples/plugin-timeseries/python/make_demo_model.py examples/plugin-timeseries/demo-model

The network has no trained weights: every number is set by hand, so what it does can be worked out
on paper and the tests can predict its attributions.

    series [B, T, C]  (float32; any T >= 1, any C; the manifest says C = 2)
      d[t]  = x[t] - (x[t-1] + x[t+1]) / 2      second difference per channel, edges replicated
      e[t]  = sum over channels of d[t]^2       "spikiness" of step t
      m     = logsumexp(8 * e) / 8              a smooth maximum of e over time
      logits = [-4 m + 2.4, 4 m - 2.4]          ["flat", "spike"]: spike when m > 0.6

A lone spike of height h on a flat line gives e = h^2 at the spike, so one of height 1 already
reads as "spike" (m ~ 1); smooth signals (slow waves, drifts, steps) have small second
differences and read as "flat" (for lengths up to ~100 steps, since log(T) / 8 adds to m).
Everything is smooth, so Integrated Gradients' integral is resolved well by Gauss-Legendre.
"""

import math
import sys

import torch
from torch import nn


class SpikeDetector(nn.Module):
    def __init__(self):
        super().__init__()
        # A linear head with hand-set weights, so the module has parameters like a real one.
        self.head = nn.Linear(1, 2)
        with torch.no_grad():
            self.head.weight.copy_(torch.tensor([[-4.0], [4.0]]))
            self.head.bias.copy_(torch.tensor([2.4, -2.4]))

    def forward(self, series: torch.Tensor) -> torch.Tensor:
        padded = torch.cat([series[:, :1], series, series[:, -1:]], dim=1)
        d = padded[:, 1:-1] - 0.5 * (padded[:, :-2] + padded[:, 2:])
        e = (d * d).sum(dim=2)
        m = torch.logsumexp(8.0 * e, dim=1) / 8.0
        return self.head(m.unsqueeze(1))


def sample(spike_at, spike_height):
    """32 steps of two smooth leads (a slow sine and cosine); one spike on lead1 if asked."""
    rows = []
    for t in range(32):
        lead1 = 0.5 * math.sin(2 * math.pi * t / 32)
        lead2 = 0.3 * math.cos(2 * math.pi * t / 32)
        if t == spike_at:
            lead1 += spike_height
        rows.append(f"{t * 0.004:.3f},{lead1:.4f},{lead2:.4f}")
    return "time,lead1,lead2\n" + "\n".join(rows) + "\n"


def main(out):
    # Scripted, not traced, so the length and the channel count stay free.
    module = torch.jit.script(SpikeDetector().eval())
    module.save(f"{out}/model.pt")
    # Sample inputs: a 4 ms time column and two leads; record.csv has a spike at t=20.
    with open(f"{out}/record.csv", "w") as f:
        f.write(sample(20, 1.2))
    with open(f"{out}/flat.csv", "w") as f:
        f.write(sample(-1, 0.0))
    flat = torch.zeros(1, 32, 2)
    spike = flat.clone()
    spike[0, 20, 0] = 1.5
    with torch.no_grad():
        print("flat ", torch.softmax(module(flat), -1).tolist())
        print("spike", torch.softmax(module(spike), -1).tolist())


if __name__ == "__main__":
    main(sys.argv[1])
