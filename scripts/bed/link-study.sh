#!/usr/bin/env bash
# The slow-ring study behind docs/testbed.md ("Latest-wins links"): every set interleaved by
# compare-slow-ring.sh, 4 epochs of the slow ring each run, then a replay of one capped run's trace
# in the simulator. About an hour on 2 cores; run it on a quiet machine.
#
#   sudo scripts/bed/link-study.sh [OUT]        (default /tmp/link-study)
#   scripts/bed/collect-study.sh OUT bench/results/bed/link-study   (what the repository keeps)
#   scripts/bed/link-table.py bench/results/bed/link-study/{cap25,cap25-bf16,cap100,none,hetero,skew}
#
# Sets (OUT/<set>/results.csv each):
#   cap25       half the ring at 25 Mbit/s, fp32: pc-asgd-pv pc-asgd stale-dsgd dsgd local, 3 runs
#   cap25-bf16  the same links, messages in bf16: pc-asgd-pv pc-asgd stale-dsgd dsgd, 2 runs
#   cap100      half the ring at 100 Mbit/s: pc-asgd-pv pc-asgd stale-dsgd dsgd, 2 runs
#   none        no cap: pc-asgd-pv pc-asgd stale-dsgd dsgd, 3 runs
#   hetero      only process pair 0-1 (ring links 0-1 and 4-5) at 10 Mbit/s: pc-asgd stale-dsgd dsgd, 2 runs
#   skew        25 Mbit/s, pc-asgd with maxSkew -1 (never wait) against the default, 2 runs
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-/tmp/link-study}
mkdir -p "$OUT"
# as measured: predicting coefficients unbounded (slow-ring.yaml now has the default bound)
cmp() { "$HERE/compare-slow-ring.sh" --set epochs=4 --set selfWeightBound=false "$@"; }

cmp --rate 25mbit --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd local" --out "$OUT/cap25"
cmp --rate 25mbit --repeats 2 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd" --tag bf16 --set encoding=bf16 --out "$OUT/cap25-bf16"
cmp --rate none --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd" --out "$OUT/none"
cmp --rate 100mbit --repeats 2 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd" --out "$OUT/cap100"
cmp --rate 10mbit --pairs 0-1 --repeats 2 --methods "pc-asgd stale-dsgd dsgd" --out "$OUT/hetero"
cmp --rate 25mbit --repeats 2 --methods "pc-asgd" --tag free --set maxSkew=-1 --out "$OUT/skew"

# one capped run's trace, replayed in the simulator with its own method and the others
"$HERE/replay.sh" "$OUT/cap25/25mbit-pc-asgd-r1" --out "$OUT/replay" --methods "pc-asgd stale-dsgd dsgd"
