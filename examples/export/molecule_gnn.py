"""Exports a dense graph neural network for attrib's `molecule` modality.

    python3 examples/export/molecule_gnn.py cli/src/test/resources/recipes/molecule-gnn

The recipe of docs/models.md ("Molecule model, dense"). attrib featurises a molecule as
docs/molecule-featurization.md says (the `featurization` object of the manifest fixes the
feature order, so a model trained on features made elsewhere can be matched) and calls

    forward(atom_features float32 [B, N, Fa], pair_features float32 [B, N, N, Fp],
            atom_mask float32 [B, N]) -> logits [B, T]     (one per task)

With the manifest's featurization below, Fa = 31 and Fp = 6. Padded atoms (mask 0) must not
change the output: every atom state is multiplied by the mask, and messages come only through
pair features, which are zero for padded atoms.

Two rounds of message passing, edge-conditioned:

    h0_i  = tanh(W_a a_i + b_a) * mask_i
    h_i  <- tanh(W_s h_i + sum_j (W_e p_ij) * h_j + b) * mask_i      (twice)
    out   = W_o (sum_i h_i) + b_o

tanh rather than ReLU keeps the network smooth, so Integrated Gradients' integral converges at
the modality's default 50 Gauss-Legendre steps (a ReLU network's kinks cost more steps).
Scripted (torch.jit.script), so the atom count stays free. Weights random, seeded.
"""

import json
import os
import sys

import torch
from torch import nn

FA, FP, H = 31, 6, 16
TASKS = ["active", "toxic"]


class DenseGnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.atom = nn.Linear(FA, H)
        self.self1 = nn.Linear(H, H)
        self.edge1 = nn.Linear(FP, H, bias=False)
        self.self2 = nn.Linear(H, H)
        self.edge2 = nn.Linear(FP, H, bias=False)
        self.out = nn.Linear(H, len(TASKS))

    def forward(self, atom_features, pair_features, atom_mask):
        m = atom_mask.unsqueeze(-1)
        h = torch.tanh(self.atom(atom_features)) * m
        msg = (self.edge1(pair_features) * h.unsqueeze(1)).sum(2)
        h = torch.tanh(self.self1(h) + msg) * m
        msg = (self.edge2(pair_features) * h.unsqueeze(1)).sum(2)
        h = torch.tanh(self.self2(h) + msg) * m
        return self.out(h.sum(1))


FEATURIZATION = {
    "elements": ["C", "N", "O", "F", "P", "S", "Cl", "Br", "I"],
    "degree": [0, 1, 2, 3, 4],
    "formalCharge": [-1, 0, 1],
    "hydrogens": [0, 1, 2, 3],
    "aromatic": True,
    "hybridization": ["sp", "sp2", "sp3"],
    "inRing": True,
    "bondTypes": ["single", "double", "triple", "aromatic"],
    "conjugated": True,
    "bondInRing": True,
}


class IgnoresMask(nn.Module):
    """The bug the padding check catches: the mask is not used, so padded atoms get
    tanh(bias) != 0 and are summed in."""

    def __init__(self, gnn):
        super().__init__()
        self.gnn = gnn

    def forward(self, atom_features, pair_features, atom_mask):
        return self.gnn(atom_features, pair_features, torch.ones_like(atom_mask))


def main(out, leaky_padding=False):
    torch.manual_seed(15)
    model = DenseGnn().eval()
    if leaky_padding:
        model = IgnoresMask(model).eval()
    scripted = torch.jit.script(model)
    os.makedirs(out, exist_ok=True)
    scripted.save(os.path.join(out, "model.pt"))
    manifest = {
        "modality": "molecule",
        "name": "molecule-gnn",
        "description": "docs/models.md recipe: a dense message-passing GNN (random weights)",
        "format": "torchscript",
        "file": "model.pt",
        "labels": TASKS,
        "activation": "sigmoid",
        "inputs": ["atom_features", "pair_features", "atom_mask"],
        "featurization": FEATURIZATION,
        "maxAtoms": 64,
    }
    with open(os.path.join(out, "attrib.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    a = torch.zeros(1, 2, FA)
    a[0, :, 0] = 1.0
    print("two unbonded carbons:", scripted(a, torch.zeros(1, 2, 2, FP), torch.ones(1, 2)).tolist())


if __name__ == "__main__":
    # --broken DIR: also the folder `attrib check` must reject, DIR/molecule-padding-leaks.
    if len(sys.argv) == 4 and sys.argv[2] == "--broken":
        main(sys.argv[1])
        main(os.path.join(sys.argv[3], "molecule-padding-leaks"), leaky_padding=True)
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit(__doc__)
