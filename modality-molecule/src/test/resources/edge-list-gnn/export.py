"""Writes the edge-list GNN test model of the molecule modality's edge-list tests.

Run once by hand and commit the outputs; the Java tests never need Python:

    /usr/bin/python3 modality-molecule/src/test/resources/edge-list-gnn/export.py \
        modality-molecule/src/test/resources/edge-list-gnn

(made with PyTorch 1.13; any later version writes a module DJL's libtorch 2.7 loads.)
It writes model.pt, a TorchScript module scripted from an ordinary nn.Module in training-capable
form (no torch.no_grad or inference_mode around the export, so its parameters can be loaded with
trainParam=true and differentiated through), and prints check logits for a two-atom input.

The forward is the edge-list contract of docs/molecule-featurization.md, PyTorch Geometric's
message passing written for padded batches:

    atom_features [B,N,FA], edge_index int64 [B,2,E], edge_features [B,E,FE],
    atom_mask [B,N], edge_mask [B,E]  ->  logits [B,T]

    h_i   = tanh(W_a a_i + b_a) * mask_i
    m_e   = tanh(W_e f_e + b_e) * h_src(e) * emask_e            (one message per directed edge)
    h'_i  = tanh(W_u (h_i + sum_{e: dst(e) = i} m_e) + b_u) * mask_i      (twice)
    out   = W_o (sum_i h'_i) + b_o

FA and FE match the featurization in attrib.json beside this file (34 atom and 12 bond
features); the manifest lists its blocks in a non-default order on purpose.
"""

import sys

import torch
from torch import nn

FA, FE, H, T = 34, 12, 16, 2


class EdgeListGnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.atom = nn.Linear(FA, H)
        self.edge = nn.Linear(FE, H)
        self.update1 = nn.Linear(H, H)
        self.update2 = nn.Linear(H, H)
        self.out = nn.Linear(H, T)

    def aggregate(self, h, src, dst, msg_weight):
        hidden = h.size(2)
        h_src = torch.gather(h, 1, src.unsqueeze(-1).expand(-1, -1, hidden))
        m = msg_weight * h_src
        return torch.zeros_like(h).scatter_add(1, dst.unsqueeze(-1).expand(-1, -1, hidden), m)

    def forward(self, atom_features, edge_index, edge_features, atom_mask, edge_mask):
        am = atom_mask.unsqueeze(-1)
        h = torch.tanh(self.atom(atom_features)) * am
        src = edge_index[:, 0, :]
        dst = edge_index[:, 1, :]
        w = torch.tanh(self.edge(edge_features)) * edge_mask.unsqueeze(-1)
        h = torch.tanh(self.update1(h + self.aggregate(h, src, dst, w))) * am
        h = torch.tanh(self.update2(h + self.aggregate(h, src, dst, w))) * am
        return self.out(h.sum(1))


def main(out):
    torch.manual_seed(20261127)
    net = EdgeListGnn()
    with torch.no_grad():
        # Larger than the default init, so the tanh units leave their linear range and the
        # integral is not trivial.
        for p in net.parameters():
            p.mul_(2.0)
    net.eval()
    torch.jit.script(net).save(f"{out}/model.pt")
    # Check values: two atoms (features one-hot at 0 and 1), one bond (features one-hot at 0).
    a = torch.zeros(1, 2, FA)
    a[0, 0, 0] = 1.0
    a[0, 1, 1] = 1.0
    ei = torch.tensor([[[0, 1], [1, 0]]])
    ef = torch.zeros(1, 2, FE)
    ef[0, :, 0] = 1.0
    print("check logits:", net(a, ei, ef, torch.ones(1, 2), torch.ones(1, 2)).tolist())


if __name__ == "__main__":
    main(sys.argv[1])
