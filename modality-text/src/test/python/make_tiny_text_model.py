"""Writes the tiny text-classifier test model folder under src/test/resources/tiny.

Run once by hand with any PyTorch 2.x and commit the outputs; the Java tests never need Python:

    python modality-text/src/test/python/make_tiny_text_model.py modality-text/src/test/resources/tiny

The module has the DESIGN.md text-classifier signature
``forward(inputs_embeds [B,L,D] float32, attention_mask [B,L] int64) -> logits [B,C]``
and keeps its token-embedding matrix as the parameter ``embedding.weight`` although forward never
uses it (the modality looks the rows up itself). The network is a masked mean-pool, one tanh layer
and a linear read-out: smooth, so the Java tests can recompute it by hand in double precision and
check IG against finite differences. The weights come from a fixed seed.

Also written: a WordPiece ``tokenizer.json`` (HuggingFace format, BERT-style normaliser,
pre-tokeniser and [CLS]/[SEP] template) and a word-level ``vocab.txt`` over the same ids, so
both tokenizer paths of the modality run against the same embeddings.
"""

import json
import sys

import torch
from torch import nn

VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
    "the", "movie", "was", "good", "bad", "not", "very", "fun", "boring", "##s",
    "##ly", "plot", "act", "##ing", "great", "?", "!", ".", "a", "is", "it",
]
DIM = 4
HIDDEN = 5
LABELS = ["POSITIVE", "NEGATIVE"]


class TinyTextClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(len(VOCAB), DIM)
        self.hidden = nn.Linear(DIM, HIDDEN)
        self.out = nn.Linear(HIDDEN, len(LABELS))

    def forward(self, inputs_embeds, attention_mask):
        m = attention_mask.to(inputs_embeds.dtype).unsqueeze(-1)
        pooled = (inputs_embeds * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.out(torch.tanh(self.hidden(pooled)))


def tokenizer_json():
    special = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, t in enumerate(VOCAB) if t in special
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": True,
                       "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100,
                  "vocab": {t: i for i, t in enumerate(VOCAB)}},
    }


def main(out):
    torch.manual_seed(20240611)
    model = TinyTextClassifier().eval()
    with torch.no_grad():
        # Larger weights than the default init, so probabilities move well away from 1/2 and IG
        # has something to attribute.
        model.embedding.weight.mul_(1.5)
        model.hidden.weight.mul_(3.0)
        model.out.weight.mul_(3.0)
    emb = torch.zeros(1, 3, DIM)
    mask = torch.ones(1, 3, dtype=torch.int64)
    torch.jit.trace(model, (emb, mask)).save(f"{out}/model.pt")
    with open(f"{out}/tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(), f, indent=1)
    with open(f"{out}/vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(VOCAB) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
