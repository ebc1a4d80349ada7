"""Writes the tiny TorchScript molecule model the modality's unit tests use.

Run once by hand with any PyTorch 2.x and commit the outputs; the Java tests never need Python:

    python modality-molecule/src/test/python/make_tiny_molecule_model.py \
        modality-molecule/src/test/resources/tiny-molecule

It writes model.pt (TorchScript) and weights.json (the same float32 weights as plain numbers), so
a test can recompute the network in plain Java and check attributions against an independent
integral. The sizes match Featurization.DEFAULT: 31 atom features, 6 pair features.

The network is one round of message passing over the pair features, the shape of the forward
every molecule model has (atom_features [B,N,31], pair_features [B,N,N,6], atom_mask [B,N]):

    h_i   = tanh(W_e a_i + b_e) * mask_i
    msg_i = sum_j (W_p p_ij) * h_j             (elementwise; p_ij is zero for unbonded pairs)
    g_i   = tanh(W_u (h_i + msg_i) + b_u) * mask_i
    out   = W_o (sum_i g_i) + b_o              -> 2 logits
"""

import json
import sys

import torch
from torch import nn

FA, FP, H, T = 31, 6, 8, 2


class TinyMoleculeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(FA, H)
        self.edge = nn.Linear(FP, H, bias=False)
        self.update = nn.Linear(H, H)
        self.out = nn.Linear(H, T)

    def forward(self, atom_features, pair_features, atom_mask):
        m = atom_mask.unsqueeze(-1)
        h = torch.tanh(self.embed(atom_features)) * m
        e = self.edge(pair_features)
        msg = (e * h.unsqueeze(1)).sum(2)
        g = torch.tanh(self.update(h + msg)) * m
        return self.out(g.sum(1))


def main(out):
    torch.manual_seed(20240611)
    net = TinyMoleculeNet().eval()
    with torch.no_grad():
        # Larger than the default init so that the tanh units leave their linear range and the
        # IG integral is not trivial.
        for p in net.parameters():
            p.mul_(2.5)
    torch.jit.script(net).save(f"{out}/model.pt")
    weights = {k: v.tolist() for k, v in net.state_dict().items()}
    with open(f"{out}/weights.json", "w") as f:
        json.dump(weights, f)
    # A check value for the Java test: the logits of two unbonded carbons with mask [1, 0].
    a = torch.zeros(1, 2, FA)
    a[0, :, 0] = 1.0
    p = torch.zeros(1, 2, 2, FP)
    mask = torch.tensor([[1.0, 0.0]])
    print("check logits:", net(a, p, mask).tolist())


if __name__ == "__main__":
    main(sys.argv[1])
