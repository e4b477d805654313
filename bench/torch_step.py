#!/usr/bin/python3
"""PyTorch peer for `pcasgd bench`: the same models, batch and SGD step, threads set equal.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 bench/torch_step.py --threads 1
Prints CSV with the columns of `pcasgd bench` (part,case,model,batch,threads,workers,reps,...).
The models mirror pcasgd.model.LeNet and pcasgd.model.ResNet20 (option-A shortcuts, no conv bias
before BN); the step is forward + mean softmax cross-entropy + backward + SGD(momentum 0.9,
weight decay 1e-4), on a fixed CIFAR-shaped batch, the same as pcasgd's plain-sgd case.
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.c1 = nn.Conv2d(3, 6, 5, padding=2)
        self.c2 = nn.Conv2d(6, 16, 5)
        self.f1 = nn.Linear(16 * 6 * 6, 120)
        self.f2 = nn.Linear(120, 84)
        self.f3 = nn.Linear(84, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = x.flatten(1)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x)))))


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.ba = nn.BatchNorm2d(cout)
        self.b = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bb = nn.BatchNorm2d(cout)
        self.extra = cout - cin
        self.stride = stride

    def forward(self, x):
        y = self.bb(self.b(F.relu(self.ba(self.a(x)))))
        if self.stride != 1 or self.extra:
            s = x[:, :, ::2, ::2]
            lo = self.extra // 2
            s = F.pad(s, (0, 0, 0, 0, lo, self.extra - lo))
        else:
            s = x
        return F.relu(y + s)


class ResNet20(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.c = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for s, w in enumerate((16, 32, 64)):
            for b in range(3):
                layers.append(Basic(cin, w, 2 if (s > 0 and b == 0) else 1))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.layers(F.relu(self.bn(self.c(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--models", default="lenet,resnet20")
    p.add_argument("--batches", default="32,64,128")
    p.add_argument("--budget", type=float, default=15.0, help="seconds per (model, batch)")
    p.add_argument("--min-reps", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    print("part,case,model,batch,threads,workers,reps,median_ms,p10_ms,p90_ms,value,unit,note")

    def row(case, model, batch, ms, value, unit, note):
        ms = sorted(ms)
        q = lambda f: ms[min(len(ms) - 1, int(round(f * (len(ms) - 1))))]
        print(f"torch,{case},{model},{batch},{a.threads},,{len(ms)},{statistics.median(ms):.3f},{q(0.1):.3f},"
              f"{q(0.9):.3f},{value:.3f},{unit},\"torch {torch.__version__}; load {os.getloadavg()[0]:.2f}\"", flush=True)

    for n in (1024, 2048):
        x, y = torch.rand(n, n), torch.rand(n, n)
        for _ in range(2):
            x @ y
        ms = []
        t_end = time.perf_counter() + 2
        while len(ms) < 3 or time.perf_counter() < t_end:
            t = time.perf_counter(); x @ y; ms.append((time.perf_counter() - t) * 1e3)
        row(f"matmul {n}x{n}", "", "", ms, 2 * n ** 3 / (statistics.median(ms) / 1e3) / 1e9, "GFLOP/s", "")

    for name in a.models.split(","):
        for batch in (int(b) for b in a.batches.split(",")):
            model = {"lenet": LeNet, "cnn": LeNet, "resnet20": ResNet20}[name]()
            model.train()
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
            x = torch.randn(batch, 3, 32, 32)
            y = torch.randint(0, 10, (batch,))

            def step():
                opt.zero_grad(set_to_none=False)
                loss = F.cross_entropy(model(x), y)
                loss.backward()
                opt.step()

            step()
            t = time.perf_counter(); step(); probe = time.perf_counter() - t
            reps = max(a.min_reps, min(200, int(a.budget / max(probe, 1e-4))))
            ms = []
            for _ in range(reps):
                t = time.perf_counter(); step(); ms.append((time.perf_counter() - t) * 1e3)
            row("torch-sgd", name, batch, ms, statistics.median(ms), "ms/step", "")


if __name__ == "__main__":
    main()
