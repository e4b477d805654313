#!/usr/bin/env python3
"""Paired difference of two methods' final test accuracy over the seeds both ran, with a 95 % t-interval.

    scripts/paired-gap.py SWEEP_CSV METHOD_A METHOD_B [key=value ...]

A method is a case label as in the figures: "pc-asgd-pv", or "pc-asgd (draft)" for a non-default
predictor. Prints, per value of tau, mean(A - B) in points, the 95 % Student-t interval and n; the
same pairing and interval as `pcasgd plot`'s gap figures (docs/results.md).
"""
import csv
import sys
from collections import defaultdict

from paired_interval import mean_interval
DEFAULT_PREDICTOR = "extrapolate"


def label(row):
    m = row["method"]
    p = row.get("predictor", "")
    if m in ("pc-asgd", "predict-only", "pc-asgd-pv") and p:
        d = row.get("damping", "")
        extra = p + (", β=" + d if p == "taylor" and d else "")
        return m + " (" + extra + ")"
    return m


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    path, a, b = argv[1], argv[2], argv[3]
    where = dict(kv.split("=", 1) for kv in argv[4:])
    final = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row.get("status", "ok") != "ok" or any(row.get(k) != v for k, v in where.items()):
                continue
            key = (label(row), row.get("tau", ""), row["seed"])
            epoch = int(row["epoch"])
            if key not in final or epoch > final[key][0]:
                final[key] = (epoch, float(row["test_accuracy"]))
    by_tau = defaultdict(list)
    taus = sorted({k[1] for k in final}, key=lambda t: float(t) if t else 0)
    for tau in taus:
        seeds = sorted({k[2] for k in final if k[1] == tau})
        for s in seeds:
            if (a, tau, s) in final and (b, tau, s) in final:
                by_tau[tau].append(100 * (final[(a, tau, s)][1] - final[(b, tau, s)][1]))
    print(f"{a} - {b} (points){' where ' + str(where) if where else ''}")
    for tau in taus:
        d = by_tau.get(tau, [])
        if len(d) < 2:
            continue
        mean, low, high = mean_interval(d)
        print(f"tau={tau}: {mean:+.2f} [{low:+.2f}, {high:+.2f}] (n={len(d)}; per seed "
              + ", ".join(f"{x:+.2f}" for x in d) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
