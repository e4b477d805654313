#!/usr/bin/env python3
"""Paired difference of two methods' final test accuracy over the seeds both ran, with a 95 % t-interval.

    scripts/paired-gap.py SWEEP_CSV METHOD_A METHOD_B [key=value ...]

A method is a case label as in the figures: "pc-asgd-pv", or "pc-asgd (draft)" for a non-default
predictor. Prints, per value of tau, mean(A - B) in points, the 95 % Student-t interval and n; the
same pairing and interval as `pcasgd plot`'s gap figures (docs/results.md).
"""
import csv
import math
import sys
from collections import defaultdict

# t(0.975; df) for df = 1..30; plot computes the same quantiles in closed form / by series
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
        2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
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
        n = len(d)
        mean = sum(d) / n
        sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1))
        half = T975[n - 2] * sd / math.sqrt(n)
        print(f"tau={tau}: {mean:+.2f} [{mean - half:+.2f}, {mean + half:+.2f}] (n={n}; per seed "
              + ", ".join(f"{x:+.2f}" for x in d) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
