#!/usr/bin/env python3
"""Age histograms of a recorded run (its trace*.csv) and of its replay in the simulator.

  age-histogram.py RUN_DIR [--steps-per-epoch K --epochs E] [--replay REPLAY_DIR] [--max 12]

Prints, side by side:
  messages   the ages the runtime recorded, one per received message (trace*.csv)
  replay     the ages of the copies an asynchronous agent mixes when the simulator replays the
             trace (delay: trace): at step k agent i holds from j the newest message sent at a
             step s with s + d(s) <= k (x^0, "sent" at step -1, before the first), d as pcasgd.delay.TraceDelay reads it (per link, the
             largest recorded age per sent step; a step without a record, before the link's last, was
             superseded on a busy link and arrives with the next recorded copy; past the end the link's
             ages repeat)
and per epoch the mean age of those held copies (copy_age). With --replay, also the copy_age a
simulator run recorded in its metrics.csv, which must equal the derived one (a check that this
script models the replay exactly), and, from RUN_DIR's own metrics.csv, what the recorded run's
agents actually mixed (younger where a neighbour's step counter was ahead: age 0 there, which
lockstep cannot replay).
Steps per epoch and epochs default to RUN_DIR's metrics.csv (the step of epoch 1, the last epoch).
"""
import argparse
import csv
import glob
import os


def read_trace(run):
    raw = {}
    for path in sorted(glob.glob(os.path.join(run, "trace*.csv"))):
        with open(path) as f:
            for r in csv.DictReader(f):
                link = (int(r["from"]), int(r["to"]))
                s, a = int(r["sent_step"]), int(r["age"])
                d = raw.setdefault(link, {})
                d[s] = max(a, d.get(s, a))
    return raw


def delays(raw):
    """Per link the array TraceDelay builds: a gap arrives with the next recorded copy."""
    out = {}
    for link, by_sent in raw.items():
        last = max(by_sent)
        arr = [0] * (last + 1)
        next_arrival = last + by_sent[last]
        for s in range(last, -1, -1):
            if s in by_sent:
                next_arrival = s + by_sent[s]
                arr[s] = by_sent[s]
            else:
                arr[s] = next_arrival - s
        out[link] = arr
    return out


def held_ages(arr, steps):
    """Age of the newest held copy at each step 0..steps-1. Before any message has arrived an agent
    holds the common initial point x^0 as sent at step -1 (HeldCopy.INITIAL), as both runtimes do."""
    arrivals = {}
    for s in range(steps):
        arrivals.setdefault(s + arr[s % len(arr)], []).append(s)
    newest, ages = -1, []
    for k in range(steps):
        for s in arrivals.get(k, ()):
            newest = max(newest, s)
        ages.append(k - newest)
    return ages


def hist(values, cap):
    h = [0] * (cap + 1)
    for v in values:
        h[min(v, cap)] += 1
    return h


def metrics(run):
    path = os.path.join(run, "metrics.csv")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def fmt(x):
    try:
        return f"{float(x):.4f}"
    except (TypeError, ValueError):
        return "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--replay")
    ap.add_argument("--steps-per-epoch", type=int)
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--max", type=int, default=12)
    a = ap.parse_args()

    own = metrics(a.run)
    spe = a.steps_per_epoch or int(own[0]["step"])
    epochs = a.epochs or int(own[-1]["epoch"])
    steps = spe * epochs
    raw = read_trace(a.run)
    d = delays(raw)

    msg_ages = [v for by_sent in raw.values() for v in by_sent.values()]
    all_rows = []
    for path in sorted(glob.glob(os.path.join(a.run, "trace*.csv"))):
        with open(path) as f:
            all_rows += [int(r["age"]) for r in csv.DictReader(f)]
    held = {link: held_ages(arr, steps) for link, arr in d.items()}

    hm = hist(all_rows, a.max)
    hh = hist([v for ages in held.values() for v in ages if v is not None], a.max)
    tm, th = sum(hm), sum(hh)
    print(f"{a.run}: {len(raw)} links, {len(all_rows)} messages recorded, replayed over {epochs} epochs x {spe} steps")
    print("age    messages (recorded)    copies mixed (replay)")
    for k in range(a.max + 1):
        label = f">={k}" if k == a.max else str(k)
        print(f"{label:>4}  {hm[k]:7d} {hm[k] / tm:7.3f}      {hh[k]:7d} {hh[k] / th:7.3f}")
    mean_m = sum(all_rows) / len(all_rows)
    flat = [v for ages in held.values() for v in ages if v is not None]
    print(f"mean  {mean_m:15.2f}      {sum(flat) / len(flat):15.2f}")

    replay = metrics(a.replay) if a.replay else []
    print()
    print("epoch  copy_age: recorded run / replay derived / replay measured")
    for e in range(epochs):
        used = age_sum = 0
        for ages in held.values():
            for v in ages[e * spe:(e + 1) * spe]:
                if v is None:
                    continue
                used += 1
                age_sum += v
        ca = age_sum / used if used else float("nan")
        rec = own[e] if e < len(own) else {}
        rep = replay[e] if e < len(replay) else {}
        print(f"{e + 1:5d}  {fmt(rec.get('copy_age')):>20} / {ca:.4f} / {fmt(rep.get('copy_age')):>6}")


if __name__ == "__main__":
    main()
