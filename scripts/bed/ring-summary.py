#!/usr/bin/env python3
"""Summarises one actor run's directory: accuracy per epoch with the cumulative wall time, the
wall time to a target test accuracy, and the message ages the runtime recorded per link
(trace*.csv: from,to,sent_step,age,bytes; age = receiver's step at arrival - sent step).

  ring-summary.py RUN_DIR [--target 0.85] [--capped 0-1,4-5] [--label TEXT] [--csv]

--capped lists undirected links (both directions count as capped); the others are "uncapped".
Writes RUN_DIR/ages.csv (one row per directed link) and prints a readable summary; with --csv
also prints one machine-readable line per run (run,method,target,epoch,seconds,...).
"""
import argparse
import csv
import glob
import os
import sys


def pct(sorted_vals, q):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, int(-(-q * len(sorted_vals) // 100)) - 1))
    return sorted_vals[k]


def stats(vals):
    v = sorted(vals)
    n = len(v)
    mean = sum(v) / n if n else float("nan")
    return {"n": n, "mean": mean, "p50": pct(v, 50), "p90": pct(v, 90), "p99": pct(v, 99),
            "max": v[-1] if v else float("nan"), "late": sum(1 for a in v if a >= 1) / n if n else float("nan")}


def read_epochs(run):
    with open(os.path.join(run, "metrics.csv")) as f:
        metrics = list(csv.DictReader(f))
    with open(os.path.join(run, "timing.csv")) as f:
        # an epoch whose time was not measured (its coordinator took over during it) counts as none
        timing = {int(r["epoch"]): float(r["wall_seconds"] or 0) for r in csv.DictReader(f)}
    out, t = [], 0.0
    for r in metrics:
        e = int(r["epoch"])
        t += timing.get(e, float("nan"))
        out.append({"epoch": e, "acc": float(r["test_accuracy"]), "seconds": t,
                    "late_fraction": r.get("late_fraction", ""), "late_age": r.get("late_age", "")})
    return out


def time_to(epochs, target):
    """(epoch, seconds at that epoch's close, seconds interpolated linearly in accuracy) or None."""
    prev_t, prev_a = 0.0, None
    for e in epochs:
        if e["acc"] >= target:
            if prev_a is None or e["acc"] == prev_a:
                interp = e["seconds"]
            else:
                interp = prev_t + (e["seconds"] - prev_t) * max(0.0, (target - prev_a)) / (e["acc"] - prev_a)
                interp = min(max(interp, prev_t), e["seconds"])
            return e["epoch"], e["seconds"], interp
        prev_t, prev_a = e["seconds"], e["acc"]
    return None


def read_traces(run):
    ages = {}
    for path in sorted(glob.glob(os.path.join(run, "trace*.csv"))):
        with open(path) as f:
            for r in csv.DictReader(f):
                ages.setdefault((int(r["from"]), int(r["to"])), []).append(int(r["age"]))
    return ages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--target", type=float, default=0.85)
    ap.add_argument("--capped", default="")
    ap.add_argument("--label", default="capped")
    ap.add_argument("--csv", action="store_true")
    a = ap.parse_args()

    capped = set()
    for link in filter(None, a.capped.split(",")):
        i, j = (int(x) for x in link.split("-"))
        capped |= {(i, j), (j, i)}

    method = ""
    cfg = os.path.join(a.run, "config.yaml")
    if os.path.exists(cfg):
        for line in open(cfg):
            if line.startswith("method:"):
                method = line.split(":", 1)[1].strip()
    print(f"run {a.run} ({method})")
    epochs = read_epochs(a.run) if os.path.exists(os.path.join(a.run, "metrics.csv")) else []
    print("epoch  test_acc  wall_s(cum)  late_fraction  late_age")
    for e in epochs:
        lf = f"{float(e['late_fraction']):.3f}" if e["late_fraction"] else "-"
        la = f"{float(e['late_age']):.2f}" if e["late_age"] not in ("", "NaN") else "-"
        print(f"{e['epoch']:5d}  {e['acc']:.4f}  {e['seconds']:11.1f}  {lf:>13}  {la:>8}")
    tt = time_to(epochs, a.target)
    if tt:
        print(f"time to test accuracy {a.target}: epoch {tt[0]}, {tt[1]:.1f} s at its close"
              f" ({tt[2]:.1f} s interpolated)")
    else:
        print(f"time to test accuracy {a.target}: not reached")

    ages = read_traces(a.run)
    rows = []
    for (i, j) in sorted(ages):
        s = stats(ages[(i, j)])
        s.update({"from": i, "to": j, "link": a.label if (i, j) in capped else "uncapped"})
        rows.append(s)
    if rows:
        with open(os.path.join(a.run, "ages.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["from", "to", "link", "messages", "mean_age", "p50", "p90", "p99", "max", "late_fraction"])
            for s in rows:
                w.writerow([s["from"], s["to"], s["link"], s["n"], f"{s['mean']:.3f}", s["p50"], s["p90"], s["p99"],
                            s["max"], f"{s['late']:.3f}"])
        print("message ages per link (steps; age = receiver's step at arrival - sent step)")
        print("from->to  link              msgs   mean  p50  p90  p99  max  late")
        for s in rows:
            print(f"{s['from']:>4}->{s['to']:<3} {s['link']:<16} {s['n']:5d} {s['mean']:6.2f} {s['p50']:4d} {s['p90']:4d}"
                  f" {s['p99']:4d} {s['max']:4d} {s['late']:.2f}")
        for kind in sorted({r["link"] for r in rows}):
            pooled = [v for (i, j), vs in ages.items() for v in vs if (a.label if (i, j) in capped else "uncapped") == kind]
            s = stats(pooled)
            print(f"  all {kind:<16} {s['n']:5d} {s['mean']:6.2f} {s['p50']:4d} {s['p90']:4d} {s['p99']:4d}"
                  f" {s['max']:4d} {s['late']:.2f}")
            hist = {}
            for v in pooled:
                hist[min(v, 20)] = hist.get(min(v, 20), 0) + 1
            print("    histogram: " + " ".join(f"{k if k < 20 else '>=20'}:{hist[k]}" for k in sorted(hist)))
    if a.csv:
        cap = [v for (i, j), vs in ages.items() for v in vs if (i, j) in capped]
        unc = [v for (i, j), vs in ages.items() for v in vs if (i, j) not in capped]
        sc, su = stats(cap), stats(unc)
        final = epochs[-1]["acc"] if epochs else float("nan")
        total = epochs[-1]["seconds"] if epochs else float("nan")
        print("CSV," + ",".join(str(x) for x in [
            os.path.basename(a.run.rstrip("/")), method, a.target,
            tt[0] if tt else "", f"{tt[1]:.1f}" if tt else "", f"{tt[2]:.1f}" if tt else "",
            f"{final:.4f}", f"{total:.1f}",
            f"{sc['mean']:.2f}", sc["p50"], sc["p90"], sc["max"], f"{su['mean']:.2f}", su["p50"], su["p90"], su["max"]]))


if __name__ == "__main__":
    sys.exit(main())
