#!/usr/bin/env python3
"""Gathers the small summaries of a compare-slow-ring.sh output folder into one place:

  collect-results.py OUT_DIR DEST_DIR

DEST_DIR/results.csv   one line per run (compare-slow-ring.sh's results.csv, copied)
DEST_DIR/epochs.csv    run, epoch, test_accuracy, wall_seconds (cumulative), late_fraction, late_age
DEST_DIR/ages.csv      run, from, to, link, messages, mean_age, p50, p90, p99, max, late_fraction
DEST_DIR/methods.csv   per rate and method: runs, mean and range of the seconds to the target
                       (at the epoch's close), of the final accuracy and of the total seconds
"""
import csv
import os
import shutil
import sys


def main():
    src, dest = sys.argv[1], sys.argv[2]
    os.makedirs(dest, exist_ok=True)
    shutil.copy(os.path.join(src, "results.csv"), os.path.join(dest, "results.csv"))
    with open(os.path.join(src, "results.csv")) as f:
        runs = list(csv.DictReader(f))
    with open(os.path.join(dest, "epochs.csv"), "w", newline="") as fe, \
            open(os.path.join(dest, "ages.csv"), "w", newline="") as fa:
        we, wa = csv.writer(fe), csv.writer(fa)
        we.writerow(["run", "epoch", "test_accuracy", "wall_seconds", "late_fraction", "late_age"])
        wa.writerow(["run", "from", "to", "link", "messages", "mean_age", "p50", "p90", "p99", "max", "late_fraction"])
        for r in runs:
            d = os.path.join(src, r["run"])
            with open(os.path.join(d, "timing.csv")) as f:
                wall = {int(x["epoch"]): float(x["wall_seconds"]) for x in csv.DictReader(f)}
            t = 0.0
            with open(os.path.join(d, "metrics.csv")) as f:
                for m in csv.DictReader(f):
                    e = int(m["epoch"])
                    t += wall[e]
                    we.writerow([r["run"], e, m["test_accuracy"], f"{t:.1f}", m["late_fraction"], m["late_age"]])
            with open(os.path.join(d, "ages.csv")) as f:
                for a in csv.DictReader(f):
                    wa.writerow([r["run"]] + [a[k] for k in ["from", "to", "link", "messages", "mean_age", "p50", "p90",
                                                             "p99", "max", "late_fraction"]])
    groups = {}
    for r in runs:
        rate = r["run"].split("-")[0]
        groups.setdefault((rate, r["method"]), []).append(r)
    with open(os.path.join(dest, "methods.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["rate", "method", "runs", "target", "reached", "seconds_to_target_mean", "seconds_to_target_min",
                    "seconds_to_target_max", "final_accuracy_mean", "final_accuracy_min", "final_accuracy_max",
                    "total_seconds_mean"])
        for (rate, method), rs in groups.items():
            tt = [float(r["seconds_at_epoch"]) for r in rs if r["seconds_at_epoch"]]
            acc = [float(r["final_accuracy"]) for r in rs if r["final_accuracy"]]
            tot = [float(r["total_seconds"]) for r in rs if r["total_seconds"]]
            mean = lambda v: f"{sum(v) / len(v):.4g}" if v else ""
            w.writerow([rate, method, len(rs), rs[0]["target"], len(tt), mean(tt), min(tt, default=""), max(tt, default=""),
                        mean(acc), min(acc, default=""), max(acc, default=""), mean(tot)])


if __name__ == "__main__":
    main()
