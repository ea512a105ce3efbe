"""Benchmark worker for PyTorch CPU: the idiomatic eager training loop (zero_grad, forward, backward, step).

Usage: python torch_bench.py '<json spec>'  (spec: see bench/run.mjs). Writes a JSON result to spec["out"].
"""

import json
import os
import sys
import time

spec = json.loads(sys.argv[1])
t0 = time.perf_counter()
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

load_s = time.perf_counter() - t0
torch.set_num_threads(spec["threads"])
torch.set_num_interop_threads(spec["threads"])
torch.manual_seed(0)


class Block(nn.Module):
    # Same as the block of buildResnet in bench/lib/tfjsModels.mjs.
    def __init__(self, inputs, filters, stride=1):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(inputs, filters, 3, stride, padding=1, bias=False),
            nn.BatchNorm2d(filters),
            nn.ReLU(),
            nn.Conv2d(filters, filters, 3, padding=1, bias=False),
            nn.BatchNorm2d(filters),
        )
        self.shortcut = (
            nn.Identity()
            if stride == 1
            else nn.Sequential(nn.Conv2d(inputs, filters, 1, stride, bias=False), nn.BatchNorm2d(filters))
        )

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


def build(name):
    # Softmax lives in nn.CrossEntropyLoss (log-softmax + NLL), the PyTorch idiom for the same model.
    if name == "resnet":
        return nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1, bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            Block(16, 16),
            Block(16, 16),
            Block(16, 32, 2),
            Block(32, 32),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(32, 10),
        )
    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    return nn.Sequential(
        nn.Conv2d(1, 8, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 64),
        nn.ReLU(),
        nn.Linear(64, 10),
    )


def bench_one(run):
    data = run["data"]
    n = run.get("samples") or data["samples"]
    x = np.fromfile(os.path.join(data["dir"], data["x"]), dtype="<f4")[: n * int(np.prod(data["shape"]))]
    x = torch.from_numpy(x.reshape([n, *data["shape"]]).copy())
    if len(data["shape"]) == 3:  # NHWC file -> NCHW, the PyTorch layout
        x = x.permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(np.fromfile(os.path.join(data["dir"], data["y"]), dtype="<i4")[:n].astype("int64"))
    model = build(run["model"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    bs = spec["batchSize"]

    def epoch():
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, bs):
            idx = perm[i : i + bs]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)  # like Keras/tfjs, report the epoch's mean loss
        return total / n

    model.train()
    w0 = time.perf_counter()
    for _ in range(run["warmupEpochs"]):
        epoch()
    result = {"model": run["model"], "samples_per_epoch": n, "batch_size": bs, "warmup_s": time.perf_counter() - w0}
    epochs = []
    t0 = time.perf_counter()
    for _ in range(run["timedEpochs"]):
        e0 = time.perf_counter()
        loss = epoch()
        epochs.append(time.perf_counter() - e0)
    total = time.perf_counter() - t0
    result.update(
        ok=True, epoch_s=epochs, timed_s=total, samples_per_s=n * run["timedEpochs"] / total, final_loss=loss
    )
    return result


results = [bench_one(run) for run in spec["runs"]]
info = {
    "load_s": load_s,
    "torch": torch.__version__,
    "numpy": np.__version__,
    "python": sys.version.split()[0],
    "intra_op_threads": torch.get_num_threads(),
    "inter_op_threads": torch.get_num_interop_threads(),
    "mkldnn": torch.backends.mkldnn.is_available(),
}
with open(spec["out"], "w") as f:
    json.dump({"framework": "pytorch", "info": info, "results": results}, f, indent=2)
