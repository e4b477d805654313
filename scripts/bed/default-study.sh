#!/usr/bin/env bash
# The slow ring on the product's defaults (docs/testbed.md, "The slow ring on the defaults"): the
# self-weight bound on (slow-ring.yaml), every agent JVM at C1 (what processes sharing a host's cores
# should run), methods interleaved by compare-slow-ring.sh, 4 epochs a run. About 25 minutes on 2
# cores; run it on a quiet machine.
#
#   sudo scripts/bed/default-study.sh [OUT]        (default /tmp/default-study)
#   for s in cap25 none; do scripts/bed/collect-study.sh OUT/$s bench/results/bed/default-study/$s; done
#   scripts/bed/link-table.py bench/results/bed/default-study/{cap25/c1,none/c1}
#   scripts/bed/paired-runs.py --a pc-asgd --b stale-dsgd bench/results/bed/default-study/cap25/c1 ...
#
# Sets (OUT/<set>/c1/results.csv each):
#   cap25   half the ring at 25 Mbit/s: pc-asgd-pv pc-asgd stale-dsgd dsgd local, 3 runs
#   none    no cap: pc-asgd-pv pc-asgd stale-dsgd dsgd, 3 runs
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-/tmp/default-study}
mkdir -p "$OUT"
cmp() { "$HERE/compare-slow-ring.sh" --set epochs=4 "$@"; }

cmp --rate 25mbit --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd local" --jit c1 --out "$OUT/cap25"
cmp --rate none --repeats 3 --methods "pc-asgd-pv pc-asgd stale-dsgd dsgd" --jit c1 --out "$OUT/none"
