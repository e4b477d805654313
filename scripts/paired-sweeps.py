#!/usr/bin/env python3
"""Final test accuracy of the same points in two sweeps, paired by seed: B − A in points with a 95 % t-interval.

    scripts/paired-sweeps.py A_SWEEP_CSV B_SWEEP_CSV [key=value ...]

A point is (method, predictor, damping, tau, seed) with the given key=value filters (e.g. dirichletAlpha=0.1);
each predicting case and tau gets one line: mean(B − A), its 95 % Student-t interval over the seeds both
sweeps ran, n, and how many of the pairs are equal bit for bit. Used for the self-weight bound's effect in
docs/results.md (A: the sweep before the bound, from git history; B: the published one).
"""
import csv
import sys
from collections import defaultdict

from paired_interval import mean_interval
PREDICTING = ("predict-only", "pc-asgd", "pc-asgd-pv")


def finals(path, where):
    out, last = {}, {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["method"] not in PREDICTING or any(r.get(k) != v for k, v in where.items()):
                continue
            k = (r["method"], r.get("predictor", ""), r.get("damping", ""), r["tau"], r["seed"])
            if r.get("status", "ok") != "ok" or not r["test_accuracy"]:
                out[k] = None
                continue
            e = int(r["epoch"] or 0)
            if e >= last.get(k, -1):
                last[k], out[k] = e, float(r["test_accuracy"])
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    where = dict(kv.split("=", 1) for kv in argv[3:])
    a, b = finals(argv[1], where), finals(argv[2], where)
    cells = defaultdict(list)
    for k, v in b.items():
        if v is not None and a.get(k) is not None:
            cells[k[:4]].append(100 * (v - a[k]))
    for c in sorted(cells):
        d = cells[c]
        m, low, high = mean_interval(d) if len(d) > 1 else (d[0], float("nan"), float("nan"))
        same = sum(1 for x in d if x == 0)
        print(f"{c[0]} ({c[1]}, {c[2]}) tau={c[3]}: {m:+.2f} [{low:+.2f}, {high:+.2f}] (n={len(d)}, {same} equal)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
