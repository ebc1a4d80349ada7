"""The text-CNN benchmark's floor in PyTorch from Python, for reference (bench/README.md).

    python3 bench/textcnn/floor.py IDS.json [ROUNDS]

IDS.json is what `attrib-bench text-cnn --ids IDS.json` writes: the model file, the embedding
parameter's name, the 50 Gauss-Legendre nodes and weights, and per question its token ids and
target class. Per question the same work as the Java floor: the token rows of the embedding
matrix, the [50, L, D] points a_k * x made by one multiplication, one forward+backward of the
target class's softmax probability over them in one batch, the gradient copied out (to numpy).
One PyTorch thread, the module's parameters frozen as attrib freezes them. After one untimed pass,
ROUNDS rounds (default 3) over all questions; prints the median per-input time over rounds and a
last line `RESULT python_floor=MS` for run.sh.

As a check that it does the same work, it also computes IG from the gradients (x times the weighted
sum) and prints the worst relative completeness delta, which should match the Java bench's.
"""

import json
import statistics
import sys
import time

import torch


def main(path, rounds=3):
    rounds = int(rounds)
    torch.set_num_threads(1)
    with open(path) as f:
        spec = json.load(f)
    model = torch.jit.load(spec["model"])
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    embedding = dict(model.named_parameters())[spec["embedding"]].detach()
    alphas = torch.tensor(spec["alphas"], dtype=torch.float32).view(-1, 1, 1)
    weights = torch.tensor(spec["weights"], dtype=torch.float64).view(-1, 1, 1)
    questions = [(torch.tensor([ids]), k) for ids, k in zip(spec["ids"], spec["targets"])]

    def floor(ids, k):
        x = embedding[ids]  # [1, L, D]
        points = (x * alphas).requires_grad_(True)
        mask = torch.ones(points.shape[:2], dtype=torch.long)
        p = torch.softmax(model(points, mask), dim=1)[:, k]
        p.backward(torch.ones_like(p))
        return points.grad.numpy().copy()

    worst = 0.0
    for ids, k in questions:
        g = torch.from_numpy(floor(ids, k)).double()
        x = embedding[ids].double()
        ig = float((x * (weights * g).sum(0, keepdim=True)).sum())
        with torch.no_grad():
            fx = float(torch.softmax(model(embedding[ids], torch.ones_like(ids)), 1)[0, k])
            f0 = float(torch.softmax(model(torch.zeros_like(embedding[ids]),
                                           torch.ones_like(ids)), 1)[0, k])
        worst = max(worst, abs(ig - (fx - f0)) / max(abs(fx - f0), 1e-9))
    per_input = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for ids, k in questions:
            floor(ids, k)
        per_input.append((time.perf_counter() - t0) * 1e3 / len(questions))
    print("python floor (PyTorch %s, 1 thread): %.3f ms per input, median of %d rounds (%s);"
          " worst |relative completeness delta| %.2e"
          % (torch.__version__, statistics.median(per_input), rounds,
             ", ".join("%.3f" % t for t in per_input), worst))
    print("RESULT python_floor=%.4f" % statistics.median(per_input))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
