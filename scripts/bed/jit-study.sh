#!/usr/bin/env bash
# The JIT study behind docs/testbed.md ("What the processes' CPU goes to"): the slow ring with every
# agent JVM at the JVM's default compilers (c2) and stopped at C1 (c1), interleaved by
# compare-slow-ring.sh, 4 epochs a run; then, at C1, the uncapped ring and two copies in flight per
# link. About 40 minutes on 2 cores; run it on a quiet machine.
#
#   sudo scripts/bed/jit-study.sh [OUT]        (default /tmp/jit-study)
#   scripts/bed/link-table.py OUT/cap25/c2 OUT/cap25/c1 OUT/none/c1 OUT/inflight2/c1
#   scripts/bed/thread-cpu.py OUT/profile/c2/none-pc-asgd-r1 OUT/profile/c1/none-pc-asgd-r1
#
# Sets (OUT/<set>/<variant>/results.csv each):
#   cap25      half the ring at 25 Mbit/s: pc-asgd-pv pc-asgd stale-dsgd dsgd local, c2 and c1, 3 runs
#   none       no cap, c1: pc-asgd-pv pc-asgd stale-dsgd dsgd, 3 runs
#   inflight2  25 Mbit/s, c1, linkInFlight 2: pc-asgd-pv pc-asgd, 3 runs
#   profile    no cap, pc-asgd, c2 and c1, 1 run each, every process recording its threads' CPU (JFR)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-/tmp/jit-study}
mkdir -p "$OUT"
# as measured: predicting coefficients unbounded (slow-ring.yaml now has the default bound)
cmp() { "$HERE/compare-slow-ring.sh" --set epochs=4 --set selfWeightBound=false "$@"; }

cmp --rate 25mbit --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd local" --jit "c2 c1" --out "$OUT/cap25"
cmp --rate none --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd" --jit c1 --out "$OUT/none"
cmp --rate 25mbit --repeats 3 --methods "pc-asgd-pv pc-asgd" --jit c1 --tag inflight2 --set linkInFlight=2 --out "$OUT/inflight2"
BED_JFR="$HERE/thread-cpu.jfc" cmp --rate none --repeats 1 --methods pc-asgd --jit "c2 c1" --out "$OUT/profile"
