#!/usr/bin/env python3
"""Writes the TorchScript fixtures of the engine tests and the numbers they are checked against.

Run with Debian's PyTorch (the pyenv python3 on PATH has no torch):
    apt-get install -y python3-torch
    /usr/bin/python3 scripts/make_torchscript_fixture.py

Outputs, under pcasgd-core/src/test/resources/pcasgd/fixtures/:
  tiny-mlp.pt               flatten -> fc1 Linear(784, 16) -> ReLU -> fc2 Linear(16, 10); examples 1x28x28
  tiny-mlp-expected.csv     PyTorch's loss, gradient entries and per-tensor gradient norms of tiny-mlp.pt
                            at its saved weights on a fixed 4-example batch (see batch() below)
  bn-mlp.pt                 fc1 Linear(8, 6) -> bn1 BatchNorm1d(6) -> ReLU -> fc2 Linear(6, 3); has running
                            statistics (TorchScript buffers), which the Java side takes into the flat vector
  bn-mlp-nostats.pt         the same with BatchNorm1d(6, track_running_stats=False): no buffers
  bn-mlp-cumulative.pt      the same with BatchNorm1d(6, momentum=None): its update reads the integer buffer
                            num_batches_tracked, which the Java side cannot hold and must refuse
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "pcasgd", "fixtures")


class TinyMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 16)
        self.fc2 = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


class BnMlp(nn.Module):
    def __init__(self, track, momentum=0.1):
        super().__init__()
        self.fc1 = nn.Linear(8, 6)
        self.bn1 = nn.BatchNorm1d(6, track_running_stats=track, momentum=momentum)
        self.fc2 = nn.Linear(6, 3)

    def forward(self, x):
        return self.fc2(F.relu(self.bn1(self.fc1(torch.flatten(x, 1)))))


def batch():
    """4 examples of 1x28x28 with exactly representable values, so Java rebuilds the same floats:
    x[i, j] = ((31 i + 17 j) mod 23 - 11) / 8 over the flattened pixel index j; labels 3, 1, 7, 0."""
    x = torch.tensor([[(((31 * i + 17 * j) % 23) - 11) / 8.0 for j in range(784)] for i in range(4)],
                     dtype=torch.float32).reshape(4, 1, 28, 28)
    return x, torch.tensor([3, 1, 7, 0])


def save(module, name):
    path = os.path.join(OUT, name)
    torch.jit.script(module).save(path)
    print(f"{name}: {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20240611)
    mlp = TinyMlp()
    save(mlp, "tiny-mlp.pt")

    x, y = batch()
    mlp.train()
    mlp.zero_grad()
    loss = F.cross_entropy(mlp(x), y)  # mean over the batch, as the Java oracle computes it
    loss.backward()
    lines = ["# kind,tensor,flat index,value — made by scripts/make_torchscript_fixture.py with PyTorch "
             + torch.__version__,
             f"loss,,,{loss.item():.9e}"]
    for name, p in mlp.named_parameters():
        g = p.grad.reshape(-1)
        w = p.detach().reshape(-1)
        n = g.numel()
        picks = sorted({0, n // 3, n // 2, n - 1, int(g.abs().argmax())})
        lines.append(f"shape,{name},,{'x'.join(str(d) for d in p.shape)}")
        lines.append(f"gradnorm,{name},,{g.norm().item():.9e}")
        for k in picks:
            lines.append(f"weight,{name},{k},{w[k].item():.9e}")
            lines.append(f"grad,{name},{k},{g[k].item():.9e}")
    with open(os.path.join(OUT, "tiny-mlp-expected.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"tiny-mlp loss on the fixed batch: {loss.item():.6f}")

    save(BnMlp(True), "bn-mlp.pt")
    save(BnMlp(False), "bn-mlp-nostats.pt")
    save(BnMlp(True, momentum=None), "bn-mlp-cumulative.pt")


if __name__ == "__main__":
    main()
