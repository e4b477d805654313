#!/usr/bin/env bash
# Every chaos scenario and the fault-free reference, interleaved (none kill cut freeze none ...),
# REPEATS times, with one CSV line per run in DIR/results.csv:
#   run, scenario, status (the run's: 0 when it finished), final test accuracy, epochs closed, wall
#   seconds, bound, lives of processes 0..3, checkpoint check (0 = every file loads), late agent's
#   status and seconds, load, where coordination was (first epoch and process of each stretch)
#
#   sudo scripts/chaos/run-all.sh [--repeats 2] [--out DIR] [--scenarios "none kill cut freeze"] [--set key=value]...
#   (the coordinator's process: --scenarios "kill0 cut0 cutall freeze0")
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

repeats=2 out=runs-chaos scenarios="none kill cut freeze"
sets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --repeats) repeats=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --scenarios) scenarios=$2; shift 2 ;;
        --set) sets+=(--set "$2"); shift 2 ;;
        *) echo "run-all: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
results="$out/results.csv"
[[ -f $results ]] || echo "run,scenario,status,final_accuracy,epochs,wall_seconds,bound_seconds,lives_p0,lives_p1,lives_p2,lives_p3,checkpoint_check,late_agent_status,late_agent_seconds,load1,coordination" >"$results"

for ((r = 1; r <= repeats; r++)); do
    for s in $scenarios; do
        name="chaos-$s-r$r"
        load=$(cut -d' ' -f1 /proc/loadavg)
        echo "== $(date -Is) $name (load $load)"
        st=0
        "$HERE/chaos.sh" "$s" --name "$name" --out "$out" "${sets[@]}" >"$out/$name.log" 2>&1 || st=$?
        d="$out/$name"
        acc=$(tail -n 1 "$d/metrics.csv" 2>/dev/null | cut -d, -f5 || true)
        epochs=$(($(wc -l <"$d/metrics.csv" 2>/dev/null || echo 1) - 1)) || true
        sum="$d/chaos/summary.txt"
        # a run that hung has no summary: its cells stay empty (and this loop goes on)
        wall=$(sed -n 's/.*wall \([0-9.]*\) s (bound \([0-9]*\) s).*/\1,\2/p' "$sum" 2>/dev/null | head -n 1 || true)
        lives=$(sed -n 's/^restarts: process 0: \([0-9]*\) lives; process 1: \([0-9]*\) lives; process 2: \([0-9]*\) lives; process 3: \([0-9]*\) lives.*/\1,\2,\3,\4/p' "$sum" 2>/dev/null || true)
        coord=$(sed -n 's/^coordination: //p' "$sum" 2>/dev/null | head -n 1 || true)
        ck=$(sed -n 's/.*checkpoint check status \([0-9]*\).*/\1/p' "$sum" 2>/dev/null | head -n 1 || true)
        late=$(sed -n 's/.*late agent (process 2 started again after the run): status \([0-9]*\) after \([0-9.]*\) s.*/\1,\2/p' \
            "$d/chaos/events.log" 2>/dev/null | head -n 1 || true)
        echo "$name,$s,$st,$acc,$epochs,${wall:-,},${lives:-,,,},$ck,${late:-,},$load,\"${coord:-}\"" >>"$results"
        tail -n 1 "$results"
    done
done
