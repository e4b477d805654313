#!/usr/bin/env bash
# Where an actor run's CPU goes, second by second: trains CONFIG in RUNTIME (default local) with
# per-thread CPU sampled from /proc and the coordinator's epoch closes logged with timestamps.
#   scripts/perf/actor-timeline.sh bench/configs/actor-fmnist.yaml [local|sim] [OUTDIR] [extra train args...]
# Writes OUTDIR/{train.log,cpu.csv,timeline.csv}; prints the timeline and the epoch closes.
set -euo pipefail
config=$1; runtime=${2:-local}; out=${3:-/tmp/pcasgd-timeline}; shift $(( $# < 3 ? $# : 3 ))
jar=${JAR:-target-perf/pcasgd.jar}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
java -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS \
     -Dorg.slf4j.simpleLogger.log.pcasgd=info -jar "$jar" train -c "$config" --set runtime="$runtime" \
     --output "$out/runs" --no-progress "$@" > "$out/train.log" 2>&1 &
pid=$!
python3 "$here/threadcpu.py" "$pid" 0.5 > "$out/cpu.csv"
wait "$pid"
python3 "$here/threadcpu.py" --summary "$out/cpu.csv" 1 | tee "$out/timeline.csv"
grep -E "run .* started|epoch [0-9]+ closed" "$out/train.log" | sed -E 's/ \[[^]]*\] INFO pcasgd.runtime.cluster.[A-Za-z]+ - / /' | cut -c1-110 || true
cat "$out"/runs/*/timing.csv
