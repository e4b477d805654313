#!/usr/bin/env python3
"""The latest-wins table of docs/testbed.md from compare-slow-ring.sh results (one results.csv per set):

  link-table.py SET_DIR [SET_DIR ...]

One Markdown row per set and method: runs; how many reached the target; seconds to it at the close of
the epoch that reached it and interpolated linearly in accuracy within that epoch (median, min-max);
the median at the close as a multiple of synchronous DSGD's in the same set; final accuracy (mean,
min-max); total training seconds (mean); mean and p90 age of the messages on capped and uncapped
links (mean of the runs' values; p90 min-max); capped links' goodput during training as a share of
the cap (lowest direction of any run / mean). A run that did not reach the target counts in "reached"
only. Every time is measured wall-clock time on the bed.
"""
import csv
import os
import statistics
import sys


def num(v):
    try:
        x = float(v)
        return None if x != x else x
    except (TypeError, ValueError):
        return None


def set_label(d):
    """The set's folder name; a JVM variant of compare-slow-ring.sh --jit (c1, c2) with its set's: "cap25 c1"."""
    parts = os.path.normpath(d).split(os.sep)
    return f"{parts[-2]} {parts[-1]}" if parts[-1] in ("c1", "c2") and len(parts) > 1 else parts[-1]


def med(vals, fmt):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "—", None
    m = statistics.median(vals)
    lo, hi = fmt.format(min(vals)), fmt.format(max(vals))
    return (fmt.format(m) if len(vals) == 1 or lo == hi else f"{fmt.format(m)} ({lo}–{hi})"), m


def mean(vals, fmt):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "—"
    m = fmt.format(sum(vals) / len(vals))
    lo, hi = fmt.format(min(vals)), fmt.format(max(vals))
    return m if len(vals) == 1 or lo == hi else f"{m} ({lo}–{hi})"


def main():
    print("| set | method | runs | reached | s to 0.84 at close | interpolated | DSGD ÷ this | final accuracy | total s"
          " | capped age mean / p90 | uncapped age mean / p90 | goodput min / mean |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for d in sys.argv[1:]:
        with open(os.path.join(d, "results.csv")) as f:
            runs = list(csv.DictReader(f))
        groups = {}
        for r in runs:
            groups.setdefault(r["method"], []).append(r)
        closes = {m: med([num(r["seconds_at_epoch"]) for r in rs], "{:.1f}")[1] for m, rs in groups.items()}
        for method, rs in groups.items():
            col = lambda k: [num(r.get(k)) for r in rs]
            reached = sum(1 for v in col("seconds_at_epoch") if v is not None)
            close, m = med(col("seconds_at_epoch"), "{:.1f}")
            interp, _ = med(col("seconds_interpolated"), "{:.1f}")
            ratio = "—" if m is None or closes.get("dsgd") is None else f"{closes['dsgd'] / m:.2f}"
            ages = []
            for side in ("capped", "uncapped"):
                mn = [v for v in col(f"{side}_mean") if v is not None]
                p90 = [v for v in col(f"{side}_p90") if v is not None]
                if not mn:
                    ages.append("—")
                    continue
                rng = f"{min(p90):.0f}" if min(p90) == max(p90) else f"{min(p90):.0f}–{max(p90):.0f}"
                ages.append(f"{sum(mn) / len(mn):.2f} / {rng}")
            gmin = [v for v in col("goodput_min") if v is not None]
            gmean = [v for v in col("goodput_mean") if v is not None]
            good = "—" if not gmin or not gmean else f"{min(gmin):.0%} / {sum(gmean) / len(gmean):.0%}"
            total = [v for v in col("total_seconds") if v is not None]
            print(f"| {set_label(d)} | {method} | {len(rs)} | {reached} of {len(rs)} | {close} | {interp}"
                  f" | {ratio} | {mean(col('final_accuracy'), '{:.4f}')} | {sum(total) / len(total):.1f}"
                  f" | {ages[0]} | {ages[1]} | {good} |")


if __name__ == "__main__":
    main()
