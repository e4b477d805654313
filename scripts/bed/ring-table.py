#!/usr/bin/env python3
"""The slow-ring table of docs/testbed.md from a collect-results.py folder's results.csv:

  ring-table.py DEST_DIR [DEST_DIR ...]

One Markdown row per folder, cap rate and method: runs, seconds to the target at the close of the
epoch that reached it (mean, min-max), final accuracy (mean, min-max), total seconds (mean), and
the per-run mean and p90 message age on capped and uncapped links (mean of the runs' values; p90 as
min-max over runs). A run that did not reach the target counts in "reached", not in the seconds.
"""
import csv
import os
import sys


def num(v):
    try:
        x = float(v)
        return None if x != x else x
    except ValueError:
        return None


def span(vals, fmt):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "—"
    mean = fmt.format(sum(vals) / len(vals))
    lo, hi = fmt.format(min(vals)), fmt.format(max(vals))
    return mean if len(vals) == 1 or lo == hi else f"{mean} ({lo}–{hi})"


def main():
    print("| set | cap | method | runs | reached | s to target | final accuracy | total s"
          " | capped age mean / p90 | uncapped age mean / p90 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for dest in sys.argv[1:]:
        with open(os.path.join(dest, "results.csv")) as f:
            runs = list(csv.DictReader(f))
        groups = {}
        for r in runs:
            groups.setdefault((r["run"].split("-")[0], r["method"]), []).append(r)
        for (rate, method), rs in groups.items():
            col = lambda k: [num(r[k]) for r in rs]
            reached = sum(1 for r in rs if num(r["seconds_at_epoch"]) is not None)
            ages = []
            for side in ("capped", "uncapped"):
                mean, p90 = [v for v in col(f"{side}_mean") if v is not None], [v for v in col(f"{side}_p90") if v is not None]
                if not mean:
                    ages.append("—")
                    continue
                rng = f"{min(p90):.0f}" if min(p90) == max(p90) else f"{min(p90):.0f}–{max(p90):.0f}"
                ages.append(f"{sum(mean) / len(mean):.2f} / {rng}")
            print(f"| {os.path.basename(dest.rstrip('/'))} | {rate} | {method} | {len(rs)} | {reached} of {len(rs)}"
                  f" | {span(col('seconds_at_epoch'), '{:.1f}')} | {span(col('final_accuracy'), '{:.4f}')}"
                  f" | {sum(col('total_seconds')) / len(rs):.1f} | {ages[0]} | {ages[1]} |")


if __name__ == "__main__":
    main()
