"""Exports an edge-list graph neural network for attrib's `molecule` modality.

    python3 examples/export/molecule_gnn_edges.py cli/src/test/resources/recipes/molecule-gnn-edges

The recipe of docs/models.md ("Molecule model, edge list"). Message-passing libraries (PyTorch
Geometric, DGL, Chemprop) hold a batch of graphs flat: node features x [sum N, Fa], an edge list
edge_index [2, sum E] into those rows, edge features edge_attr [sum E, Fe], and a vector `batch`
naming each node's graph. attrib's edge-list contract (docs/molecule-featurization.md) is padded
per molecule instead:

    forward(atom_features float32 [B, N, Fa], edge_index int64 [B, 2, E],
            edge_features float32 [B, E, Fe], atom_mask float32 [B, N],
            edge_mask float32 [B, E]) -> logits [B, T]     (one per task)

where bond k is edges 2k and 2k+1 (both directions) and padding edges have mask 0. The wrapper
below flattens the padded batch into the library's form, so the message-passing module itself is
written as it would be for PyTorch Geometric (plain torch here: gather and scatter_add are what
PyG's MessagePassing does inside). With the featurization below, Fa = 31 and Fe = 6.

tanh rather than ReLU keeps the network smooth, so Integrated Gradients' integral converges at
the modality's default 50 Gauss-Legendre steps. Scripted (torch.jit.script), so the atom and edge
counts stay free. Weights random, seeded, scaled up.
"""

import json
import os
import sys

import torch
from torch import nn

FA, FE, H = 31, 6, 16
TASKS = ["active", "toxic"]


class EdgeGnn(nn.Module):
    """A message-passing network in PyTorch Geometric's flat form."""

    def __init__(self):
        super().__init__()
        self.atom = nn.Linear(FA, H)
        self.edge = nn.Linear(FE, H)
        self.update1 = nn.Linear(H, H)
        self.update2 = nn.Linear(H, H)
        self.out = nn.Linear(H, len(TASKS))

    def propagate(self, h, edge_index, w):
        # message m_e = w_e * h_src(e), summed at dst(e): PyG's MessagePassing with aggr="add".
        msg = w * h.index_select(0, edge_index[0])
        index = edge_index[1].unsqueeze(-1).expand(-1, h.size(1))
        return torch.zeros_like(h).scatter_add(0, index, msg)

    def forward(self, x, edge_index, edge_attr, edge_weight, batch, num_graphs: int):
        h = torch.tanh(self.atom(x))
        # edge_weight scales each message, as PyG's convolutions take it (0: no message).
        w = torch.tanh(self.edge(edge_attr)) * edge_weight.unsqueeze(-1)
        h = torch.tanh(self.update1(h + self.propagate(h, edge_index, w)))
        h = torch.tanh(self.update2(h + self.propagate(h, edge_index, w)))
        pooled = torch.zeros(num_graphs, h.size(1), dtype=h.dtype, device=h.device)
        pooled = pooled.index_add(0, batch, h)  # global_add_pool
        return self.out(pooled)


class AttribEdgeList(nn.Module):
    """attrib's padded edge-list contract onto the flat form: masks applied, offsets added."""

    def __init__(self, gnn):
        super().__init__()
        self.gnn = gnn

    def forward(self, atom_features, edge_index, edge_features, atom_mask, edge_mask):
        b, n, fa = atom_features.shape
        e = edge_index.size(2)
        # Each molecule's atoms become rows b*n .. b*n + n - 1 of the flat batch.
        offset = (torch.arange(b, device=edge_index.device) * n).view(b, 1, 1)
        flat_index = (edge_index + offset).permute(1, 0, 2).reshape(2, b * e)
        x = atom_features.reshape(b * n, fa)
        edge_attr = edge_features.reshape(b * e, -1)
        # A padding edge's message is multiplied by 0, so it adds nothing where it points.
        edge_weight = edge_mask.reshape(b * e)
        batch = torch.arange(b, device=x.device).repeat_interleave(n)
        # Padded atoms still get tanh(bias) inside the module: they are dropped before pooling by
        # giving them a graph of their own (index b), whose row is cut off.
        batch = torch.where(atom_mask.reshape(-1) > 0, batch, torch.full_like(batch, b))
        return self.gnn(x, flat_index, edge_attr, edge_weight, batch, b + 1)[:b]


class IgnoresMasks(nn.Module):
    """The bug the padding check catches: padded atoms pooled with the real ones."""

    def __init__(self, gnn):
        super().__init__()
        self.gnn = gnn

    def forward(self, atom_features, edge_index, edge_features, atom_mask, edge_mask):
        b, n, fa = atom_features.shape
        e = edge_index.size(2)
        offset = (torch.arange(b, device=edge_index.device) * n).view(b, 1, 1)
        flat_index = (edge_index + offset).permute(1, 0, 2).reshape(2, b * e)
        batch = torch.arange(b, device=atom_features.device).repeat_interleave(n)
        x = atom_features.reshape(b * n, fa)
        ones = torch.ones(b * e, dtype=x.dtype, device=x.device)
        return self.gnn(x, flat_index, edge_features.reshape(b * e, -1), ones, batch, b)


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


def main(out, leaky_padding=False):
    torch.manual_seed(16)
    gnn = EdgeGnn()
    with torch.no_grad():
        # Random weights at PyTorch's default scale barely move the output of a small molecule;
        # larger ones take the tanh units out of their linear range, so the test has something to
        # attribute (a trained model needs none of this).
        for p in gnn.parameters():
            p.mul_(3.0)
    model = (IgnoresMasks(gnn) if leaky_padding else AttribEdgeList(gnn)).eval()
    # Gradients on while exporting (not under torch.no_grad()); script, not trace.
    scripted = torch.jit.script(model)
    os.makedirs(out, exist_ok=True)
    scripted.save(os.path.join(out, "model.pt"))
    manifest = {
        "modality": "molecule",
        "name": "molecule-gnn-edges",
        "description": "docs/models.md recipe: an edge-list message-passing GNN (random weights)",
        "format": "torchscript",
        "file": "model.pt",
        "labels": TASKS,
        "activation": "sigmoid",
        "inputs": ["atom_features", "edge_index", "edge_features", "atom_mask", "edge_mask"],
        "featurization": FEATURIZATION,
        "maxAtoms": 64,
    }
    with open(os.path.join(out, "attrib.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    # Check value: two carbons joined by one single bond (edges 0 -> 1 and 1 -> 0).
    a = torch.zeros(1, 2, FA)
    a[0, :, 0] = 1.0
    ei = torch.tensor([[[0, 1], [1, 0]]])
    ef = torch.zeros(1, 2, FE)
    ef[0, :, 0] = 1.0
    print("ethane's carbons:", scripted(a, ei, ef, torch.ones(1, 2), torch.ones(1, 2)).tolist())


if __name__ == "__main__":
    # --broken DIR: also the folder `attrib check` must reject, DIR/molecule-edges-padding-leaks.
    if len(sys.argv) == 4 and sys.argv[2] == "--broken":
        main(sys.argv[1])
        main(os.path.join(sys.argv[3], "molecule-edges-padding-leaks"), leaky_padding=True)
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit(__doc__)
