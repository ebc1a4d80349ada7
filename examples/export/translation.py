"""Exports an encoder-decoder translator for attrib's `translation` modality.

    python3 examples/export/translation.py cli/src/test/resources/recipes/translation

The recipe of docs/models.md ("Encoder-decoder translator"). `TinyMarian` stands in for a Hugging
Face `MarianMTModel`: one embedding matrix shared by source and target (`model.shared`), scaled by
sqrt(d), sinusoidal positions, an `nn.Transformer`, logits through the shared matrix, and
Marian's framing: no start marker on the source (`pieces </s>`), decoding starts from the pad id.
attrib's translation contract frames every sentence as `[BOS] pieces [EOS]` and starts decoding
from `[BOS]`:

    forward(src_embeds float32 [B, S, D], src_mask int64 [B, S], tgt_ids int64 [B, T])
        -> logits [B, T, V]

so the wrapper `ForAttrib` maps one to the other: it drops the first source position (attrib's
`[BOS]`, which then gets no attribution) and puts the pad id where attrib puts `[BOS]` in
`tgt_ids`. `src_embeds` are raw rows of `model.shared.weight`; the sqrt(d) scale and positions are
applied inside, after the lookup.

Scripted (torch.jit.script), because attrib runs sources of any length and target prefixes of
every length. The vocabulary is a word list (`"tokenizer": "words"`); a Marian model brings its
SentencePiece `tokenizer.json` instead (`"tokenizer": "huggingface"`). Weights seeded; trained
for a few seconds on a word list so the output is a translation.
"""

import json
import math
import os
import sys

import torch
from torch import nn

# A toy English-to-German word list; Marian shares one vocabulary between source and target.
PAIRS = {"the": "das", "a": "ein", "house": "haus", "cat": "tier", "dog": "hund", "is": "ist",
         "big": "gross", "small": "klein", "red": "rot", "green": "gruen", "good": "gut",
         "and": "und", ".": "."}
WORDS = sorted(set(PAIRS) | set(PAIRS.values()))
VOCAB = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"] + WORDS
PAD, EOS = 0, 3
D, HEADS, FFN, MAX_LEN = 16, 2, 32, 64


def sinusoids(n: int, d: int) -> torch.Tensor:
    pos = torch.arange(n, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    pe = torch.zeros(n, d)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe


class TinyMarian(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared = nn.Embedding(len(VOCAB), D, padding_idx=PAD)
        self.transformer = nn.Transformer(D, HEADS, 1, 1, FFN, dropout=0.1, batch_first=True)
        # Without this, the eval-mode encoder run without gradients (attrib's greedy decoding of
        # padded sentences) packs the source into a nested tensor and returns the memory cut to
        # the longest unpadded length, which then no longer fits memory_key_padding_mask.
        self.transformer.encoder.enable_nested_tensor = False
        self.register_buffer("positions", sinusoids(MAX_LEN, D))
        self.scale = math.sqrt(D)

    def forward(self, inputs_embeds, attention_mask, decoder_input_ids):
        s = inputs_embeds.size(1)
        t = decoder_input_ids.size(1)
        x = inputs_embeds * self.scale + self.positions[:s]
        y = self.shared(decoder_input_ids) * self.scale + self.positions[:t]
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        pad = attention_mask == 0
        out = self.transformer(x, y, tgt_mask=causal, src_key_padding_mask=pad,
                               memory_key_padding_mask=pad)
        return out @ self.shared.weight.t()


class ForAttrib(nn.Module):
    """attrib's translation contract in, Marian's framing inside."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.decoder_start: int = PAD

    def forward(self, src_embeds, src_mask, tgt_ids):
        # Marian starts decoding from its decoder_start_token_id where attrib has [BOS].
        start = torch.full_like(tgt_ids[:, :1], self.decoder_start)
        decoder_input_ids = torch.cat([start, tgt_ids[:, 1:]], dim=1)
        return self.model(src_embeds[:, 1:], src_mask[:, 1:], decoder_input_ids)


def train(model, steps=1500):
    """1500 steps of word-by-word translation (seconds), so the recipe's output means something.
    Your model comes trained: skip this."""
    english = [w for w in PAIRS if w != "."]
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    wrapper = ForAttrib(model)
    g = torch.Generator().manual_seed(15)
    model.train()
    for _ in range(steps):
        n = int(torch.randint(2, 6, (1,), generator=g))
        words = [english[int(i)] for i in torch.randint(len(english), (32 * n,), generator=g)]
        src = torch.tensor([[2] + [VOCAB.index(w) for w in words[b * n:(b + 1) * n]] + [EOS]
                            for b in range(32)])
        tgt = torch.tensor([[VOCAB.index(PAIRS[w]) for w in words[b * n:(b + 1) * n]] + [EOS]
                            for b in range(32)])
        tgt_in = torch.cat([torch.full((32, 1), 2), tgt[:, :-1]], dim=1)
        logits = wrapper(model.shared(src), torch.ones_like(src), tgt_in)
        loss = nn.functional.cross_entropy(logits.reshape(-1, len(VOCAB)), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    print("training loss:", float(loss))
    return model.eval()


def main(out, broken=None):
    torch.manual_seed(15)
    model = train(TinyMarian()).eval()
    export(model, out)
    if broken:
        # The PyTorch default the recipe turns off: `attrib check` fails its padding line.
        model.transformer.encoder.enable_nested_tensor = True
        export(model, os.path.join(broken, "translation-nested-tensor"))


def export(model, out):
    wrapper = ForAttrib(model).eval()
    # Gradients on while exporting (not under torch.no_grad()); script, not trace.
    scripted = torch.jit.script(wrapper)
    os.makedirs(out, exist_ok=True)
    scripted.save(os.path.join(out, "model.pt"))
    for name in ["source-vocab.txt", "target-vocab.txt"]:
        with open(os.path.join(out, name), "w") as f:
            f.write("\n".join(VOCAB) + "\n")
    manifest = {
        "modality": "translation",
        "name": "translation",
        "description": "docs/models.md recipe: a Marian-style encoder-decoder (toy word-by-word English-German)",
        "format": "torchscript",
        "file": "model.pt",
        "activation": "softmax",
        "inputs": ["src_embeds", "src_mask", "tgt_ids"],
        "embedding": "model.shared.weight",
        "tokenizer": "words",
        "sourceVocab": "source-vocab.txt",
        "targetVocab": "target-vocab.txt",
        "maxLength": 32,
        "maxOutputLength": 8,
    }
    with open(os.path.join(out, "attrib.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    ids = torch.tensor([[2, VOCAB.index("the"), VOCAB.index("cat"), EOS]])
    emb = model.shared(ids).detach()
    logits = scripted(emb, torch.ones_like(ids), torch.tensor([[2]]))
    print("first output:", VOCAB[int(logits[0, -1].argmax())])


if __name__ == "__main__":
    # --broken DIR: also the folder `attrib check` must reject, DIR/translation-nested-tensor.
    if len(sys.argv) == 4 and sys.argv[2] == "--broken":
        main(sys.argv[1], sys.argv[3])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit(__doc__)
