#!/usr/bin/env python3
"""Where a bed run's CPU went, by kind of thread, from the processes' JFR recordings
(run-slow-ring.sh with BED_JFR=scripts/bed/thread-cpu.jfc):

  thread-cpu.py RUN_DIR [RUN_DIR ...]

Sums JFR's jdk.ThreadCPULoad (each Java thread's user + system share of the machine, once a second)
over every process, from the first second an agent thread used CPU to the last, as CPU-seconds
(share x the machine's cores x the period). JIT compiler threads are Java threads and are counted;
GC and other VM threads are not. One Markdown row per run and kind, with the training window's length.
"""
import glob
import json
import os
import subprocess
import sys
from datetime import datetime

KINDS = [("agents (gradients and updates)", lambda t: t.startswith("pcasgd-agent")),
         ("JIT compilers (C1, C2)", lambda t: "CompilerThread" in t),
         ("Pekko remoting (Artery: serialization, TCP)", lambda t: "remote" in t or "pinned-dispatcher" in t),
         ("Pekko actors (agents' transport and pacing, coordinator)", lambda t: "dispatcher" in t),
         ("evaluation of the averaged model", lambda t: "coordinator-eval" in t),
         ("main thread (start-up)", lambda t: t == "main"),
         ("other Java threads", lambda t: True)]


def samples(jfr):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ThreadCPULoad", jfr],
                         capture_output=True, text=True, check=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        v = e["values"]
        thread = (v.get("eventThread") or {}).get("javaName") or ""
        when = datetime.fromisoformat(v["startTime"].replace("Z", "+00:00")).timestamp()
        yield when, thread, float(v["user"]) + float(v["system"])


def kind(thread):
    return next(name for name, match in KINDS if match(thread))


def main():
    cores = os.cpu_count()
    print("| run | kind of thread | CPU s during training | share |")
    print("|---|---|---|---|")
    for run in sys.argv[1:]:
        label = os.path.join(*os.path.normpath(run).split(os.sep)[-2:])  # e.g. c1/none-pc-asgd-r1
        rows = [s for jfr in sorted(glob.glob(os.path.join(run, "bed", "process-*.jfr"))) for s in samples(jfr)]
        busy = [w for w, t, load in rows if t.startswith("pcasgd-agent") and load > 0]
        if not busy:
            print(f"| {label} | no agent thread used CPU (no recordings?) | | |")
            continue
        start, end = min(busy) - 1, max(busy)
        total = {}
        for w, t, load in rows:
            if start <= w <= end:
                total[kind(t)] = total.get(kind(t), 0.0) + load * cores  # period 1 s
        s = sum(total.values())
        for name, _ in KINDS:
            if name in total:
                print(f"| {label} | {name} | {total[name]:.1f} | {total[name] / s:.0%} |")
        print(f"| {label} | all Java threads, {end - start:.0f} s of training on {cores} cores | {s:.1f} | 100% |")


if __name__ == "__main__":
    main()
