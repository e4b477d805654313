#!/usr/bin/env bash
# Keeps what link-study.sh measured, small enough for the repository: per set its results.csv and, per
# run, config.yaml, metrics.csv, timing.csv, links*.csv, the summary and the caps' byte counters; the
# replayed run keeps its traces too, and the replays their run folders.
#
#   scripts/bed/collect-study.sh STUDY_DIR DEST_DIR      (e.g. /tmp/link-study bench/results/bed/link-study)
set -euo pipefail
src=$1 dest=$2
mkdir -p "$dest"
for set in "$src"/*/; do
    name=$(basename "$set")
    mkdir -p "$dest/$name"
    [[ -f $set/results.csv ]] && cp "$set/results.csv" "$dest/$name/"
    for run in "$set"*/; do
        [[ -f $run/metrics.csv ]] || continue
        r=$(basename "$run")
        mkdir -p "$dest/$name/$r"
        cp "$run"/config.yaml "$run"/metrics.csv "$dest/$name/$r/"
        cp "$run"/timing.csv "$run"/links*.csv "$dest/$name/$r/" 2>/dev/null || true
        [[ -f $run/bed/summary.txt ]] && cp "$run/bed/summary.txt" "$dest/$name/$r/"
        [[ -f $run/bed/caps.log ]] && cp "$run/bed/caps.log" "$dest/$name/$r/"
    done
done
# the run the replay read (link-study.sh replays cap25/25mbit-pc-asgd-r1): its traces, so the replay can be
# made again from the repository
replayed=${REPLAYED:-cap25/25mbit-pc-asgd-r1}
if [[ -d $src/$replayed ]]; then
    cp "$src/$replayed"/trace*.csv "$dest/$replayed/"
fi
