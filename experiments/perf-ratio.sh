#!/bin/sh
# Simulator time per epoch with n agents vs n x one agent's step time (docs/benchmarks.md).
# Every run trains on the same 8192 Fashion-MNIST images with LeNet at batch 32 per agent, so an
# epoch is always 256 agent-steps: n agents x (8192 / 32n) global steps, or 1 agent x 256 steps.
# The ratio is therefore epoch_time(n) / epoch_time(1). Epoch 1 (JIT warm-up) is dropped.
JAR=${JAR:-target/pcasgd.jar}
OUT=${OUT:-runs/perf}
run() { # method agents workers
  java -jar "$JAR" train --dataset fashion-mnist --set trainLimit=8192 --set testLimit=1000 --set evalAgents=false \
    --epochs 4 --method "$1" -n "$2" --workers "$3" --name "perf-$1-n$2-w$3" --output "$OUT" > /dev/null 2>&1
  awk -F, -v m="$1" -v n="$2" -v w="$3" 'NR > 2 { s += $2; c++ } END { printf "%s n=%s workers=%s: %.3f s/epoch\n", m, n, w, s / c }' \
    "$OUT/perf-$1-n$2-w$3/timing.csv"
}
run centralized 1 1
for n in 4 8 16; do run stale-dsgd $n 1; done
run stale-dsgd 8 2
run pc-asgd 8 1
run pc-asgd-pv 8 1
