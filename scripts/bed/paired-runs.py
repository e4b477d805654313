#!/usr/bin/env python3
"""Paired differences between two methods on the bed, run k of one against run k of the other in the
same set (compare-slow-ring.sh interleaves them, so the pair saw the same machine load): test accuracy
of x̄ at each epoch's close and the seconds to the target, mean and 95 % t-interval over the pairs of
every set given (scripts/paired_interval.py).

    scripts/bed/paired-runs.py --a pc-asgd --b stale-dsgd SET_DIR [SET_DIR ...]

A SET_DIR holds <rate>[-tag]-<method>-r<k>/ run folders and results.csv (compare-slow-ring.sh --out,
or one of its --jit variants' folders).
"""
import argparse
import csv
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from paired_interval import mean_interval  # noqa: E402


def rows(set_dir):
    """results.csv of a set, one dict per run."""
    with open(os.path.join(set_dir, "results.csv")) as f:
        return list(csv.DictReader(f))


def runs(set_dir, method):
    """{k: (run folder, seconds to the target or None)} of one method in a set, by the method column."""
    out = {}
    for r in rows(set_dir):
        k = re.search(r"-r(\d+)$", r["run"])
        if r["method"] == method and k and os.path.isdir(os.path.join(set_dir, r["run"])):
            seconds = float(r["seconds_at_epoch"]) if r["seconds_at_epoch"] else None
            out[int(k.group(1))] = (os.path.join(set_dir, r["run"]), seconds)
    return out


def accuracies(run):
    with open(os.path.join(run, "metrics.csv")) as f:
        return [float(r["test_accuracy"]) for r in csv.DictReader(f)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--a", required=True, help="method whose values come first (a - b)")
    ap.add_argument("--b", required=True)
    ap.add_argument("sets", nargs="+")
    args = ap.parse_args()
    pairs = []   # (set, (accuracies, seconds) of a, the same of b)
    for s in args.sets:
        a, b = runs(s, args.a), runs(s, args.b)
        for k in sorted(set(a) & set(b)):
            pairs.append((s, (accuracies(a[k][0]), a[k][1]), (accuracies(b[k][0]), b[k][1])))
    if len(pairs) < 2:
        sys.exit("paired-runs: fewer than 2 pairs of %s and %s in %s" % (args.a, args.b, " ".join(args.sets)))
    epochs = min(min(len(x[0]), len(y[0])) for _, x, y in pairs)
    print("%s - %s, %d pairs (%s)" % (args.a, args.b, len(pairs), ", ".join(sorted({p[0] for p in pairs}))))
    print("| quantity | mean | 95 %% interval | %s higher in |" % args.a)
    print("|---|---|---|---|")
    for e in range(epochs):
        d = [100 * (x[0][e] - y[0][e]) for _, x, y in pairs]
        m, lo, hi = mean_interval(d)
        print("| test accuracy at epoch %d's close, points | %+.2f | %+.2f to %+.2f | %d of %d |"
              % (e + 1, m, lo, hi, sum(v > 0 for v in d), len(d)))
    d = [x[1] - y[1] for _, x, y in pairs if x[1] is not None and y[1] is not None]
    if len(d) >= 2:
        m, lo, hi = mean_interval(d)
        print("| seconds to the target at the epoch's close | %+.1f | %+.1f to %+.1f | %d of %d sooner |"
              % (m, lo, hi, sum(v < 0 for v in d), len(d)))


if __name__ == "__main__":
    main()
