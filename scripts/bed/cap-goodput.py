#!/usr/bin/env python3
"""Goodput of each capped link during training, from a slow-ring run's bed/caps.log (bytes sent
through each cap's HTB class, sampled every second by run-slow-ring.sh).

    scripts/bed/cap-goodput.py RUN_DIR --rate 25mbit [--csv]

The training window of a cap is the span of its busy seconds (the counter grew by more than 10 % of
the cap in that second); its first and last busy seconds are left out, since training starts and
ends inside them. Goodput = bytes in the window ÷ its seconds, given in Mbit/s and as a share of the
cap. The bytes are those HTB counts: every packet of the link, headers included.
"""
import argparse
import collections
import os
import re
import sys


def rate_bits(text):
    m = re.fullmatch(r"([0-9.]+)\s*([kmg]?)(bit|bps)", text.strip().lower())
    if not m:
        sys.exit(f"cap-goodput: cannot read the rate '{text}' (e.g. 25mbit)")
    v = float(m.group(1)) * {"": 1, "k": 1e3, "m": 1e6, "g": 1e9}[m.group(2)]
    return v * (8 if m.group(3) == "bps" else 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--rate", required=True)
    ap.add_argument("--csv", action="store_true")
    a = ap.parse_args()
    cap = rate_bits(a.rate)
    series = collections.defaultdict(list)
    with open(os.path.join(a.run, "bed", "caps.log")) as f:
        for line in f:
            p = line.split()
            if len(p) == 4:
                series[(p[1], p[2])].append((float(p[0]), int(p[3])))
    rows = []
    for (ns, cls), pts in sorted(series.items()):
        pts.sort()
        busy = [i for i in range(1, len(pts))
                if (pts[i][1] - pts[i - 1][1]) * 8 > 0.1 * cap * (pts[i][0] - pts[i - 1][0])]
        if len(busy) < 3:
            rows.append((ns, cls, float("nan"), float("nan"), 0.0))
            continue
        lo, hi = busy[1], busy[-2]       # whole busy seconds only
        t = pts[hi][0] - pts[lo - 1][0]
        b = pts[hi][1] - pts[lo - 1][1]
        mbit = b * 8 / t / 1e6
        rows.append((ns, cls, mbit, mbit * 1e6 / cap, t))
    if a.csv:
        for ns, cls, mbit, share, t in rows:
            print(f"GOODPUT,{os.path.basename(a.run.rstrip('/'))},{ns},{cls},{mbit:.3f},{share:.4f},{t:.1f}")
    else:
        print("namespace class   Mbit/s  share of cap  seconds")
        for ns, cls, mbit, share, t in rows:
            print(f"{ns:>9} {cls:>6} {mbit:8.2f}  {share:11.1%}  {t:7.1f}")


if __name__ == "__main__":
    main()
