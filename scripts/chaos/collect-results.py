#!/usr/bin/env python3
"""Gathers the small summaries of chaos output folders (run-all.sh, sbr-two-process.sh) into one place:

  collect-results.py DEST_DIR SET=OUT_DIR [SET=OUT_DIR ...]

DEST_DIR/<SET>.csv            run-all.sh's results.csv of OUT_DIR (one line per run), if it has one
DEST_DIR/events/<SET>-<run>.log  each run's chaos/events.log (what the script did, when)
DEST_DIR/epochs.csv           set, run, epoch, test_accuracy, train_loss, consensus_distance,
                              wall_seconds (cumulative, from timing.csv; an epoch whose time was not
                              measured adds nothing), coordinator (the process that closed the epoch,
                              where timing.csv says) of every run
"""
import csv
import glob
import os
import shutil
import sys


def main():
    dest, sets = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    os.makedirs(os.path.join(dest, "events"), exist_ok=True)
    with open(os.path.join(dest, "epochs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["set", "run", "epoch", "test_accuracy", "train_loss", "consensus_distance", "wall_seconds",
                    "coordinator"])
        for name, src in sets:
            if os.path.exists(os.path.join(src, "results.csv")):
                shutil.copy(os.path.join(src, "results.csv"), os.path.join(dest, f"{name}.csv"))
            for d in sorted(glob.glob(os.path.join(src, "*", ""))):
                run = os.path.basename(d.rstrip("/"))
                ev = os.path.join(d, "chaos", "events.log")
                if os.path.exists(ev):
                    shutil.copy(ev, os.path.join(dest, "events", f"{name}-{run}.log"))
                if not os.path.exists(os.path.join(d, "metrics.csv")):
                    continue
                with open(os.path.join(d, "timing.csv")) as t:
                    timing = list(csv.DictReader(t))
                wall = {int(r["epoch"]): float(r["wall_seconds"]) for r in timing if r["wall_seconds"]}
                closed_by = {int(r["epoch"]): r.get("coordinator") or "" for r in timing}
                total = 0.0
                with open(os.path.join(d, "metrics.csv")) as m:
                    for r in csv.DictReader(m):
                        e = int(r["epoch"])
                        total += wall.get(e, 0.0)
                        cd = r.get("consensus_distance") or ""
                        w.writerow([name, run, e, r["test_accuracy"], f"{float(r['train_loss']):.4f}",
                                    f"{float(cd):.4f}" if cd else "", f"{total:.1f}", closed_by.get(e, "")])


if __name__ == "__main__":
    main()
