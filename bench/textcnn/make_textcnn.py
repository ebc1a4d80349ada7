"""Writes a TorchScript text-CNN attrib text model folder for the text-CNN benchmark (bench/README.md).

    python3 bench/textcnn/make_textcnn.py [--dim D] [--filters F] [OUT_DIR]
                                      # default: 128, 100, bench/target/textcnn

--dim and --filters size the network: 128 and 100 are the default; the issue that asked for this
benchmark measured a model whose 50-point forward+backward took 1.3-1.5 ms in PyTorch, which
--dim 64 --filters 64 comes near (bench/README.md, "The loop before issue 13, and a model of the
issue's size").

A convolutional sentence classifier in the manner of Kim (2014): token embeddings (the vocabulary
of the tokenizer below x 128), three Conv1d of widths 3, 4 and 5 with 100 filters each, ReLU, a
max over time of each filter that only looks at windows holding at least one real token, and a
linear layer to 4 classes (the labels of the built-in question classifier: NUMERIC, STRING,
DATETIME, YESNO). 923k parameters, about 3.7 MB of float32.

The tokenizer is the BERT-style WordPiece tokenizer.json of the built-in question classifier
(fixtures/.../models/text-questions/tokenizer.json, 6000 pieces, lower-casing), copied into the
folder; the embedding matrix has one row per piece.

Traced to the text classifier contract of docs/models.md:

    forward(inputs_embeds float32 [B, L, D], attention_mask int64 [B, L]) -> logits [B, C]

with the embedding matrix a parameter of the module (`embedding.weight`, named in the manifest),
which attrib looks the ids up in. Padding does not change the output (rule 5): padded positions
are zeroed before the convolutions, which pad each end by width - 1 zeros themselves, so a window
that reaches into the padding sees exactly what the unpadded sequence's end padding gives it, and
windows made of padding alone are left out of the max. `attrib check --model DIR` passes.

The weights are random (seeded, PyTorch's default initialisation, the classifier's weights doubled
so that the softmax is not flat and the predicted class varies); only the time of a forward+backward and the attributions' correctness matter here,
which depend on the architecture, not on what it learned. Traced in eval mode with gradients on
(rule 1 of docs/models.md). The file is made at benchmark time and never committed.
"""

import json
import os
import shutil
import sys

import torch
from torch import nn
from torch.nn import functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOKENIZER = os.path.join(
    REPO, "fixtures", "src", "main", "resources", "models", "text-questions", "tokenizer.json")
DIM = 128
FILTERS = 100
WIDTHS = (3, 4, 5)
LABELS = ["NUMERIC", "STRING", "DATETIME", "YESNO"]
MAX_LEN = 64


class TextCnn(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = nn.Embedding(vocab, DIM, padding_idx=0)
        self.convs = nn.ModuleList(nn.Conv1d(DIM, FILTERS, w, padding=w - 1) for w in WIDTHS)
        self.fc = nn.Linear(FILTERS * len(WIDTHS), len(LABELS))

    def forward(self, inputs_embeds, attention_mask):
        mask = attention_mask.to(inputs_embeds.dtype).unsqueeze(1)  # [B, 1, L]
        x = inputs_embeds.transpose(1, 2) * mask  # [B, D, L], padded positions zero
        pooled = []
        for conv, w in zip(self.convs, WIDTHS):
            h = torch.relu(conv(x))  # [B, F, L + w - 1]: window t covers positions t-w+1 .. t
            # Window t holds a real token iff the mask has a 1 among positions t-w+1 .. t.
            valid = F.max_pool1d(F.pad(mask, (w - 1, w - 1)), w, 1)  # [B, 1, L + w - 1]
            # ReLU outputs are >= 0 and every input has a valid window, so zeroing the others
            # leaves the max over the valid ones.
            pooled.append((h * valid).max(dim=2).values)
        return self.fc(torch.cat(pooled, dim=1))


def main(out=os.path.join(REPO, "bench", "target", "textcnn"), dim=128, filters=100):
    global DIM, FILTERS
    DIM, FILTERS = dim, filters
    with open(TOKENIZER) as f:
        vocab = len(json.load(f)["model"]["vocab"])
    torch.manual_seed(13)
    model = TextCnn(vocab)
    with torch.no_grad():
        model.fc.weight.mul_(2)  # a less flat softmax: predictions differ between questions
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    ids = torch.tensor([[2, 100, 200, 300, 400, 3]])
    example = (model.embedding(ids).detach(), torch.ones_like(ids))
    traced = torch.jit.trace(model, example)  # gradients on: not under torch.no_grad()
    # The trace must hold for other lengths and for padding: compare with the eager module.
    g = torch.Generator().manual_seed(5)
    for length in (3, 9, 40):
        e = torch.randn(2, length, DIM, generator=g)
        m = torch.ones(2, length, dtype=torch.long)
        m[1, length // 2 + 1:] = 0
        assert torch.allclose(traced(e, m), model(e, m), atol=1e-5), length
        padded = torch.cat([e[1:], torch.randn(1, 7, DIM, generator=g)], dim=1)
        pm = torch.cat([m[1:], torch.zeros(1, 7, dtype=torch.long)], dim=1)
        assert torch.allclose(traced(padded, pm), traced(e[1:], m[1:]), atol=1e-5), length
    os.makedirs(out, exist_ok=True)
    traced.save(os.path.join(out, "model.pt"))
    shutil.copyfile(TOKENIZER, os.path.join(out, "tokenizer.json"))
    manifest = {
        "modality": "text",
        "name": "textcnn-random",
        "description": "bench/textcnn: a Kim-style text CNN (embedding %dx%d, Conv1d widths %s x %d"
                       " filters, masked max over time, linear to %d), random seeded weights"
                       % (vocab, DIM, "/".join(map(str, WIDTHS)), FILTERS, len(LABELS)),
        "format": "torchscript",
        "file": "model.pt",
        "labels": LABELS,
        "activation": "softmax",
        "inputs": ["inputs_embeds", "attention_mask"],
        "embedding": "embedding.weight",
        "tokenizer": "tokenizer.json",
        "maxLength": MAX_LEN,
    }
    with open(os.path.join(out, "attrib.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print("%s: text CNN, %d parameters, %.1f MB" % (
        out, params, os.path.getsize(os.path.join(out, "model.pt")) / 1e6))


def parse(args):
    """The command line: [--dim D] [--filters F] [OUT_DIR]; exits with the usage otherwise."""
    sizes = {"--dim": DIM, "--filters": FILTERS}
    out = []
    while args:
        a = args.pop(0)
        if a in sizes and args and args[0].isdigit() and int(args[0]) > 0:
            sizes[a] = int(args.pop(0))
        elif a.startswith("-") or out:
            sys.exit(__doc__)
        else:
            out.append(a)
    return out, sizes["--dim"], sizes["--filters"]


if __name__ == "__main__":
    out, dim, filters = parse(sys.argv[1:])
    main(*out, dim=dim, filters=filters)
