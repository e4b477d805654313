#!/usr/bin/env bash
# The data-plane study behind docs/testbed.md ("Parameter copies beside Artery: the data plane"): the slow
# ring with the product's defaults (the self-weight bound on, parameter copies on the data plane), every
# agent JVM at C1, interleaved by compare-slow-ring.sh with the same JVMs' copies over Artery
# (c1-artery, -Dpcasgd.data-plane=off), 4 epochs a run; then the uncapped ring on the defaults, and one
# profile of each variant's threads. About 40 minutes on 2 cores; run it on a quiet machine.
#
#   sudo scripts/bed/plane-study.sh [OUT]        (default /tmp/plane-study)
#   scripts/bed/link-table.py OUT/cap25/c1 OUT/cap25/c1-artery OUT/none/c1
#   scripts/bed/thread-cpu.py OUT/profile/c1/none-pc-asgd-r1 OUT/profile/c1-artery/none-pc-asgd-r1
#
# Sets (OUT/<set>/<variant>/results.csv each):
#   cap25    half the ring at 25 Mbit/s: pc-asgd-pv pc-asgd stale-dsgd dsgd, c1 and c1-artery, 3 runs
#   none     no cap, c1: pc-asgd-pv pc-asgd stale-dsgd dsgd, 3 runs
#   profile  no cap, pc-asgd, c1 and c1-artery, 1 run each, every process recording its threads' CPU (JFR)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-/tmp/plane-study}
mkdir -p "$OUT"
cmp() { "$HERE/compare-slow-ring.sh" --set epochs=4 "$@"; }

cmp --rate 25mbit --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd" --jit "c1 c1-artery" --out "$OUT/cap25"
cmp --rate none --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd" --jit c1 --out "$OUT/none"
BED_JFR="$HERE/thread-cpu.jfc" cmp --rate none --repeats 1 --methods pc-asgd --jit "c1 c1-artery" --out "$OUT/profile"
