"""Writes the tiny TorchScript test models under src/test/resources/torchscript.

Run once by hand with any PyTorch (1.13 or 2.x; Debian's python3-torch will do) and commit the
outputs; the Java tests never need Python. The weights of the networks the tests recompute by hand
are fixed numbers (not random). Give module names to write only those (e.g. after adding one, so
the others' files do not change):

    python spi/src/test/python/make_torchscript.py spi/src/test/resources/torchscript [NAME...]

The broken_* modules are models a user might really export, each wrong in one way the Java side
must report as one clear line about the model (ModelFolderErrorsTest); they take x [B,3] like
tanh_mlp so one example input serves them all.
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


class NoGradEncoder(nn.Module):
    """x [B,3] -> [B,2] through a TransformerEncoderLayer: each number becomes a 4-wide token.

    Traced in eval mode under torch.no_grad(), the layer takes PyTorch's fused fast path, so the
    trace records aten::_transformer_encoder_layer_fwd, which has no derivative: the forward runs,
    the backward pass fails. That is what a user gets from tracing for inference.
    """

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.lift = nn.Parameter(torch.randn(4))
        self.layer = nn.TransformerEncoderLayer(
            d_model=4, nhead=2, dim_feedforward=8, dropout=0.0, batch_first=True)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        tokens = x.unsqueeze(-1) * self.lift
        return self.head(self.layer(tokens).mean(1))


class ScalarOutput(nn.Module):
    """x [B,3] -> one number for the whole batch (shape []): no batch dimension."""

    def forward(self, x):
        return torch.tanh(x).sum()


class WideOutput(nn.Module):
    """x [B,3] -> [B,3072] (x repeated 1024 times), e.g. a feature map where logits belong."""

    def forward(self, x):
        return x.repeat(1, 1024)


class BatchMean(nn.Module):
    """x [B,3] -> [1,3]: averages over the batch, so there is one row whatever the batch size."""

    def forward(self, x):
        return torch.tanh(x).mean(0, keepdim=True)


class DetachedOutput(nn.Module):
    """x [B,3] -> [B,2] computed from x.detach(): runs, but gives no gradient to its input."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(x.detach())


def modules():
    x = torch.zeros(1, 3)
    emb = torch.zeros(1, 3, 2)
    mask = torch.ones(1, 3, dtype=torch.int64)
    return {
        "tanh_mlp": lambda: torch.jit.trace(TanhMlp().eval(), x),
        "masked_sum": lambda: torch.jit.trace(MaskedSum().eval(), (emb, mask)),
        "broken_no_grad_encoder": no_grad_encoder,
        "broken_scalar_output": lambda: torch.jit.trace(ScalarOutput().eval(), x),
        "broken_wide_output": lambda: torch.jit.trace(WideOutput().eval(), x),
        "broken_batch_mean": lambda: torch.jit.trace(BatchMean().eval(), x),
        "broken_detached_output": lambda: torch.jit.trace(DetachedOutput().eval(), x),
    }


def no_grad_encoder():
    with torch.no_grad():
        traced = torch.jit.trace(NoGradEncoder().eval(), torch.ones(2, 3))
    if "_transformer_encoder_layer_fwd" not in str(traced.inlined_graph):
        # Without the fused op the module would be a fine model and the test would prove nothing.
        raise SystemExit("this PyTorch did not take the fused encoder path under no_grad")
    return traced


def main(out, names):
    made = modules()
    for name in names or made:
        made[name]().save(f"{out}/{name}.pt")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
