#!/usr/bin/env python3
"""Per-thread CPU time of a running process, sampled from /proc (Linux).

    python3 scripts/perf/threadcpu.py PID [PERIOD_S] > cpu.csv      # until PID exits
    python3 scripts/perf/threadcpu.py --summary cpu.csv [BUCKET_S]  # CPU ms per second, by thread group

The CSV has one row per thread and sample with CPU time used since the previous sample:
t (seconds since start), tid, thread name (15 characters, as the kernel keeps it), cpu_ms.
The summary groups threads by name: agents (pcasgd-agent-*), the coordinator's evaluator
(pcasgd-coordina*), JIT compilers, Pekko dispatchers (pcasgd-<run>-pekko*, truncated) and the rest.
"""
import collections
import csv
import os
import sys
import time


def sample(pid, period):
    tick = os.sysconf('SC_CLK_TCK')
    prev = {}
    t0 = time.time()
    print("t,tid,thread,cpu_ms", flush=True)
    while os.path.exists(f"/proc/{pid}"):
        now = time.time() - t0
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            break
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    s = f.read()
            except (FileNotFoundError, ProcessLookupError):
                continue
            name = s[s.index('(') + 1:s.rindex(')')]
            fields = s[s.rindex(')') + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) * 1000 / tick  # utime + stime
            d = cpu - prev.get(tid, 0)
            prev[tid] = cpu
            if d > 0:
                print(f"{now:.2f},{tid},{name},{d:.0f}", flush=True)
        time.sleep(period)


def group(name):
    if name.startswith('pcasgd-agent'):
        return 'agents'
    if name.startswith('pcasgd-coordina'):
        return 'evaluation'
    if 'Compiler' in name:
        return 'jit'
    if name.startswith('pcasgd-') or 'pekko' in name:
        return 'pekko'
    return 'other'


def summary(path, bucket):
    groups = ['agents', 'evaluation', 'jit', 'pekko', 'other']
    per = collections.defaultdict(lambda: collections.defaultdict(float))
    with open(path) as f:
        for r in csv.DictReader(f):
            per[int(float(r['t']) // bucket)][group(r['thread'])] += float(r['cpu_ms'])
    print("t_s," + ",".join(g + "_ms" for g in groups))
    for b in sorted(per):
        print(f"{b * bucket:g}," + ",".join(str(int(per[b][g])) for g in groups))


if __name__ == '__main__':
    if sys.argv[1] == '--summary':
        summary(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 1.0)
    else:
        sample(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.5)
