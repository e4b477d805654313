#!/usr/bin/env bash
# The simulator's metrics.csv for a fixed set of configs and seeds, to prove a performance change kept
# the arithmetic: run with the build before and after the change, then compare the two folders.
#   JAR=/tmp/before.jar scripts/perf/arith-check.sh /tmp/arith-before
#   JAR=target-perf/pcasgd.jar scripts/perf/arith-check.sh /tmp/arith-after
#   diff -r /tmp/arith-before /tmp/arith-after && echo identical
# Only metrics.csv is kept (timing.csv holds wall times). Every method, every predictor, both
# choice conditions, both kernels' default (fused), on the embedded data, 3 epochs each.
set -euo pipefail
out=${1:?output folder}
jar=${JAR:-target-perf/pcasgd.jar}
mkdir -p "$out"
run() {
  local name=$1; shift
  java -jar "$jar" train --name "$name" --output "$out/runs" --epochs 3 --no-progress "$@" > /dev/null
  cp "$out/runs/$name/metrics.csv" "$out/$name.csv"
}
run default                                   # pc-asgd, torus, extrapolate predictor, τ = 4
run pv-cosine   --method pc-asgd-pv
run pv-loss     --method pc-asgd-pv --set condition=loss --set lossExamples=16 --set perLayer=false
run predict-taylor --method predict-only --set predictor=taylor
run pc-draft    --method pc-asgd --set predictor=draft --set perLayer=false
run clip-only   --method clip-only --set clipWeights=uniform
run stale-dsgd  --method stale-dsgd --topology ring --delay uniform
run dsgd        --method dsgd
run centralized --method centralized -n 1
run reference   --set kernel=reference
rm -rf "$out/runs"
ls "$out"
