"""Exports a Hugging Face-style encoder classifier for attrib's `text` modality.

    python3 examples/export/text_classifier.py cli/src/test/resources/recipes/text-classifier

The recipe of docs/models.md ("Text classifier"). A BERT-like model (word + position embeddings,
a LayerNorm, a `TransformerEncoder`, the [CLS] vector through a pooler, a linear classifier) is
wrapped so that its forward takes what attrib gives a text classifier:

    forward(inputs_embeds float32 [B, L, D], attention_mask int64 [B, L]) -> logits [B, C]

`inputs_embeds` are the *word* embeddings only (rows of `embeddings.word_embeddings.weight`), as
Hugging Face's `inputs_embeds=` argument takes them: position embeddings and the LayerNorm stay
inside the model. The manifest names the word-embedding matrix under `embedding` so attrib can
look tokens up and build baselines.

Weights are seeded and tiny (trained for seconds on made-up reviews), so the output stays small
enough to commit; a real model is
exported the same way (`AutoModelForSequenceClassification.from_pretrained(...)` in place of
`TinyBert`, the parameter name `bert.embeddings.word_embeddings.weight`).

With `--broken DIR` it also writes the deliberately broken folders `attrib check` must reject
(traced under no_grad, inputs reversed in the manifest, a wrong label count, a wrong embedding
name, a model whose padding leaks into the output).
"""

import json
import os
import shutil
import sys

import torch
from torch import nn

WORDS = (
    "the a an this that movie film plot story actor actors acting music scene scenes ending "
    "was is were are be it its and but or not very too so quite really good great fine nice "
    "wonderful excellent fun funny moving bad poor boring awful dull terrible slow weak "
    "loved liked enjoyed hated disliked watched i we you they one two time best worst ! ? , ."
).split()
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
VOCAB = SPECIAL + WORDS
D, HEADS, FFN, LAYERS, MAX_LEN = 16, 2, 32, 1, 32
LABELS = ["NEGATIVE", "POSITIVE"]


class Embeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(len(VOCAB), D, padding_idx=0)
        self.position_embeddings = nn.Embedding(MAX_LEN, D)
        self.LayerNorm = nn.LayerNorm(D)

    def forward(self, inputs_embeds):
        positions = torch.arange(inputs_embeds.shape[1], device=inputs_embeds.device)
        return self.LayerNorm(inputs_embeds + self.position_embeddings(positions).unsqueeze(0))


class TinyBert(nn.Module):
    """Stands in for a Hugging Face sequence classifier: same call, same parameter layout."""

    def __init__(self, leaky_padding=False):
        super().__init__()
        self.embeddings = Embeddings()
        layer = nn.TransformerEncoderLayer(D, HEADS, FFN, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, LAYERS, enable_nested_tensor=False)
        self.pooler = nn.Linear(D, D)
        self.classifier = nn.Linear(D, len(LABELS))
        self.leaky_padding = leaky_padding

    def forward(self, input_ids=None, attention_mask=None, inputs_embeds=None):
        if inputs_embeds is None:
            inputs_embeds = self.embeddings.word_embeddings(input_ids)
        h = self.embeddings(inputs_embeds)
        if self.leaky_padding:
            # The bug the padding check catches: the mask is dropped, so padded positions are
            # attended to and averaged in.
            h = self.encoder(h)
            pooled = h.mean(dim=1)
        else:
            h = self.encoder(h, src_key_padding_mask=attention_mask == 0)
            pooled = h[:, 0]
        return self.classifier(torch.tanh(self.pooler(pooled)))


class ForAttrib(nn.Module):
    """The wrapper: attrib's text contract in, the model's logits out."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, inputs_embeds, attention_mask):
        return self.model(inputs_embeds=inputs_embeds, attention_mask=attention_mask)


def tokenizer_json():
    """A BERT WordPiece tokenizer.json over VOCAB (a real model ships its own)."""
    special = [
        {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True}
        for i, t in enumerate(SPECIAL)
    ]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": special,
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
            "special_tokens": {t: {"id": t, "ids": [VOCAB.index(t)], "tokens": [t]}
                               for t in ["[CLS]", "[SEP]"]},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(VOCAB)}},
    }


def manifest(**changes):
    m = {
        "modality": "text",
        "name": "text-classifier",
        "description": "docs/models.md recipe: a BERT-like encoder classifier (toy sentiment)",
        "format": "torchscript",
        "file": "model.pt",
        "labels": LABELS,
        "activation": "softmax",
        "inputs": ["inputs_embeds", "attention_mask"],
        "embedding": "model.embeddings.word_embeddings.weight",
        "tokenizer": "tokenizer.json",
        "maxLength": MAX_LEN,
    }
    m.update(changes)
    return m


def example_inputs(model):
    ids = torch.tensor([[2, 5, 10, 30, 3]])  # [CLS] the movie good [SEP]
    return model.embeddings.word_embeddings(ids).detach(), torch.ones_like(ids)


def export(model, folder, grad=True, **manifest_changes):
    os.makedirs(folder, exist_ok=True)
    wrapper = ForAttrib(model).eval()  # eval: dropout off
    inputs = example_inputs(model)
    # Gradients ON while tracing: under torch.no_grad() an eval-mode TransformerEncoderLayer
    # records its fused inference kernel (aten::_transformer_encoder_layer_fwd), which has no
    # backward. check_trace=False: PyTorch's sanity check re-traces under torch.no_grad(), where
    # the encoder takes that fused path, and fails with "Graphs differed across invocations".
    with torch.set_grad_enabled(grad):
        traced = torch.jit.trace(wrapper, inputs, check_trace=False)
    traced.save(os.path.join(folder, "model.pt"))
    with open(os.path.join(folder, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(), f)
    with open(os.path.join(folder, "attrib.json"), "w") as f:
        json.dump(manifest(**manifest_changes), f, indent=2)
        f.write("\n")
    return traced


POSITIVE = "good great fine nice wonderful excellent fun funny moving loved liked enjoyed best".split()
NEGATIVE = "bad poor boring awful dull terrible slow weak hated disliked worst".split()


def train(model, steps=300):
    """A few hundred steps on made-up reviews (positive words vs negative words, padded batches),
    so the recipe's attributions mean something. Your model comes trained: skip this."""
    neutral = [w for w in WORDS if w not in POSITIVE and w not in NEGATIVE]
    g = torch.Generator().manual_seed(15)
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    model.train()
    for _ in range(steps):
        ids, masks, labels = [], [], []
        for _ in range(32):
            n = int(torch.randint(3, 10, (1,), generator=g))
            words = [neutral[int(i)] for i in torch.randint(len(neutral), (n,), generator=g)]
            label = int(torch.randint(2, (1,), generator=g))
            pool = POSITIVE if label == 1 else NEGATIVE
            words[int(torch.randint(n, (1,), generator=g))] = pool[
                int(torch.randint(len(pool), (1,), generator=g))]
            row = [2] + [VOCAB.index(w) for w in words] + [3]
            ids.append(row + [0] * (12 - len(row)))
            masks.append([1] * len(row) + [0] * (12 - len(row)))
            labels.append(label)
        ids, masks = torch.tensor(ids), torch.tensor(masks)
        logits = model(input_ids=ids, attention_mask=masks)
        # Label smoothing keeps the logits moderate: a saturated softmax makes the IG integral
        # steep near the input, and 50 steps would not resolve it.
        loss = nn.functional.cross_entropy(logits, torch.tensor(labels), label_smoothing=0.3)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print("training loss:", float(loss))
    return model.eval()


def build(leaky_padding=False):
    torch.manual_seed(15)
    return train(TinyBert(leaky_padding))


REFERENCE_INPUT = "the movie was good but the music was dull"


def reference_ig(model, text=REFERENCE_INPUT, steps=50):
    """Integrated Gradients computed here, by PyTorch's autograd in float64, as Captum's
    LayerIntegratedGradients on the word embeddings would: zero baseline, the predicted class's
    softmax probability, Gauss-Legendre nodes. attrib's test compares its own numbers with these."""
    import copy
    import numpy as np
    ids = torch.tensor([[2] + [VOCAB.index(w) for w in text.split()] + [3]])
    double = ForAttrib(copy.deepcopy(model)).double().eval()
    x = double.model.embeddings.word_embeddings(ids).detach()
    mask = torch.ones_like(ids)
    probs = torch.softmax(double(x, mask), -1)[0]
    target = int(probs.argmax())
    nodes, weights = np.polynomial.legendre.leggauss(steps)
    total = torch.zeros_like(x)
    for t, w in zip(nodes, weights):
        point = ((t + 1) / 2 * x).requires_grad_(True)
        p = torch.softmax(double(point, mask), -1)[0, target]
        (g,) = torch.autograd.grad(p, point)
        total += w / 2 * g
    attribution = (x * total)[0]
    baseline = torch.softmax(double(torch.zeros_like(x), mask), -1)[0, target]
    return {
        "input": text,
        "method": "integrated gradients, zero baseline, softmax probability, "
                  f"{steps} Gauss-Legendre nodes, PyTorch autograd in float64",
        "target": LABELS[target],
        "output": float(probs[target]),
        "baselineOutput": float(baseline),
        "tokenScores": attribution.sum(-1).tolist(),
    }


def main(out, broken=None):
    model = build()
    traced = export(model, out)
    embeds, mask = example_inputs(model)
    print("logits:", traced(embeds, mask).tolist(), "eager:", ForAttrib(model)(embeds, mask).tolist())
    with open(os.path.join(out, "reference-ig.json"), "w") as f:
        json.dump(reference_ig(model), f, indent=2)
        f.write("\n")
    if broken:
        export(model, os.path.join(broken, "text-no-grad-trace"), grad=False)
        export(model, os.path.join(broken, "text-reversed-inputs"),
               inputs=["attention_mask", "inputs_embeds"])
        export(model, os.path.join(broken, "text-wrong-labels"),
               labels=["NEGATIVE", "NEUTRAL", "POSITIVE"])
        export(model, os.path.join(broken, "text-wrong-embedding"),
               embedding="embeddings.word_embeddings.weight")
        export(build(leaky_padding=True), os.path.join(broken, "text-padding-leaks"))


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[1] == "--broken":
        main(args[0], args[2])
    elif len(args) == 1:
        main(args[0])
    else:
        sys.exit(__doc__)
