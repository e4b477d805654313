#!/usr/bin/env bash
# One cluster run over real slow links: 8 agents on a ring in 4 `pcasgd agent` processes, each in
# its own network namespace of the bed (bed.sh); process p hosts agents p and p+4, so every ring
# link crosses the network, and the coordinator lives in process 0. Process pairs 0-1 and 2-3 are
# capped (both ways) at RATE: ring links 0-1, 4-5, 2-3, 6-7 (half the ring) are slow, 1-2, 3-4,
# 5-6, 7-0 are not. Afterwards it prints the per-epoch table, the wall time to --target accuracy
# and the per-link message ages from the run's traces (scripts/bed/ring-summary.py), and always
# removes the bed.
#
#   sudo scripts/bed/run-slow-ring.sh --name NAME --method METHOD [--rate 20mbit] [--pairs "0-1 2-3"]
#        [--out DIR] [--target 0.85] [--timeout SECONDS] [--config FILE] [--set key=value]...
#
# --rate none caps nothing (the reference run on the same bed). --pairs names the process pairs
# capped at RATE (default "0-1 2-3", half the ring; "0-1" caps ring links 0-1 and 4-5 only).
# Writes DIR/NAME/ (the run directory: metrics.csv, timing.csv, trace-agents-*.csv) plus
# DIR/NAME/bed/: process-<p>.log, queues.log (HTB backlog of the capped classes, sampled every
# second), caps.log (bytes sent through each cap, sampled every second: "seconds ns class bytes"),
# bed-status.txt (per-class byte counters at the end), load.txt (uptime before/after),
# summary.txt. Exit status: process 0's (the run's: 3 when --timeout passed).
# Environment: PCASGD_JAR (default target/pcasgd.jar), BED_PREFIX (default pcring-), JAVA_OPTS,
# BED_JFR (a JFR settings file: each process records to DIR/NAME/bed/process-<p>.jfr; thread-cpu.py
# sums them per kind of thread).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${PCASGD_JAR:-$ROOT/target/pcasgd.jar}
export BED_PREFIX=${BED_PREFIX:-pcring-}
BED="$HERE/bed.sh"
PROCS=4
AGENTS=8
PORT=25520

name="" method="" rate=20mbit pairs="0-1 2-3" out=runs-bed target=0.85 timeout=1200 config="$HERE/slow-ring.yaml"
sets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --name) name=$2; shift 2 ;;
        --method) method=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --pairs) pairs=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --target) target=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --config) config=$2; shift 2 ;;
        --set) sets+=(--set "$2"); shift 2 ;;
        -h | --help) sed -n '2,/^set -/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-slow-ring: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[[ -n $name && -n $method ]] || { echo "run-slow-ring: --name and --method are required" >&2; exit 2; }
[[ -f $JAR ]] || { echo "run-slow-ring: no $JAR (build it, or set PCASGD_JAR)" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
run="$out/$name"
rm -rf "$run"
mkdir -p "$run/bed"
logs="$run/bed"

pids=()
sampler=""
cleanup() {
    local p
    [[ -n $sampler ]] && kill "$sampler" 2>/dev/null || true
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    "$BED" status >"$logs/bed-status.txt" 2>&1 || true
    "$BED" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

{ echo "start $(date -Is) $(uptime)"; } >"$logs/load.txt"
if [[ $rate == none ]]; then
    "$BED" up "$PROCS" | tee "$logs/bed-up.txt"      # the reference: no link capped
else
    capargs=()
    for pr in $pairs; do
        [[ $pr =~ ^[0-3]-[0-3]$ ]] || { echo "run-slow-ring: --pairs takes process pairs like 0-1, got '$pr'" >&2; exit 2; }
        capargs+=(--cap "$pr:$rate")
    done
    "$BED" up "$PROCS" "${capargs[@]}" | tee "$logs/bed-up.txt"
fi

# HTB backlog of every capped class, once a second: "seconds ns class bytes packets dropped"
(
    t0=$(date +%s.%N)
    while true; do
        now=$(date +%s.%N)
        for p in 0 1 2 3; do
            tc -n "${BED_PREFIX}$p" -s qdisc show dev eth0 2>/dev/null | awk -v t="$now" -v t0="$t0" -v ns="$p" '
                /^qdisc pfifo/ { cls = $5 }
                /dropped/ && cls != "" { gsub(/[,)]/, "", $7); drop = $7 }
                /backlog/ && cls != "" { printf "%.1f %s %s %s %s %s\n", t - t0, ns, cls, $2, $3, drop; cls = "" }'
        done
        # bytes sent through each cap (its root class 1:1<dst>), for the links' goodput during training
        for p in 0 1 2 3; do
            tc -n "${BED_PREFIX}$p" -s class show dev eth0 2>/dev/null | awk -v t="$now" -v t0="$t0" -v ns="$p" '
                /^class htb 1:1[0-9][0-9][0-9] root/ { cls = $3; next }
                /^class/ { cls = "" }
                /Sent/ && cls != "" { printf "%.1f %s %s %s\n", t - t0, ns, cls, $2 >"/dev/stderr"; cls = "" }'
        done 2>>"$logs/caps.log"
        sleep 1
    done
) >"$logs/queues.log" 2>/dev/null &
sampler=$!

seeds="$("$BED" addr 0):$PORT"
for ((p = 0; p < PROCS; p++)); do
    ids="$p,$((p + PROCS))"
    jfr=()
    [[ -n ${BED_JFR:-} ]] && jfr=("-XX:StartFlightRecording=filename=$logs/process-$p.jfr,settings=$BED_JFR")
    # shellcheck disable=SC2086
    "$BED" exec "$p" java ${JAVA_OPTS:--Xmx1g} "${jfr[@]}" -jar "$JAR" agent --id "$ids" --host "$("$BED" addr "$p")" --port "$PORT" \
        --seed-nodes "$seeds" --join-timeout PT120S --timeout "PT${timeout}S" --config "$config" \
        --set name="$name" --set method="$method" --set output="$out" --set agents="$AGENTS" "${sets[@]}" \
        >"$logs/process-$p.log" 2>&1 &
    pids+=($!)
    ((p == 0)) && sleep 2   # the seed first, so the others find it at their first try
done

status=0
wait "${pids[0]}" || status=$?
for p in "${pids[@]:1}"; do
    # the others leave right after the coordinator's process; a bound only stops a hang
    for _ in $(seq 60); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
    wait "$p" 2>/dev/null || true
done
pids=()
kill "$sampler" 2>/dev/null || true
sampler=""
echo "end $(date -Is) $(uptime)" >>"$logs/load.txt"
echo "run-slow-ring: process 0 exited with status $status"

# capped ring links: both ends in the process pairs 0-1 or 2-3 (agent a lives in process a mod 4)
capped=()
[[ $rate == none ]] && PAIRS="" || PAIRS="$pairs"
for ((a = 0; a < AGENTS; a++)); do
    b=$(((a + 1) % AGENTS))
    pa=$((a % PROCS)) pb=$((b % PROCS))
    lo=$((pa < pb ? pa : pb)) hi=$((pa < pb ? pb : pa))
    if [[ " $PAIRS " == *" $lo-$hi "* ]]; then capped+=("$a-$b"); fi
done
python3 "$HERE/ring-summary.py" "$run" --target "$target" --capped "$(IFS=,; echo "${capped[*]}")" \
    --label "cap $rate" | tee "$logs/summary.txt"
[[ $rate == none ]] || python3 "$HERE/cap-goodput.py" "$run" --rate "$rate" | tee -a "$logs/summary.txt"
exit "$status"
