#!/usr/bin/env bash
# Which side does the split-brain resolver keep when one process of a two-process run crashes?
# Process A (agents 0-3 and the coordinator; the seed, so the oldest member) runs in namespace 1
# (10.77.0.11), process B (agents 4-7) in namespace 0 (10.77.0.10): B has the lower address. Once
# epoch 1 has closed, B is killed with SIGKILL and restarted with --resume 15 s later. A 1:1 split
# is a tie: keep-majority keeps the side with the lowest address (B's, which is dead), keep-oldest
# the side of the oldest member (A's).
#
#   sudo scripts/chaos/sbr-two-process.sh STRATEGY [--out DIR] [--bound SECONDS] [--set key=value]...
#
# STRATEGY: keep-majority | keep-oldest (passed as -Dpekko.cluster.split-brain-resolver.active-strategy
# to both processes, overriding pcasgd-cluster.conf). Prints what became of A and of the run.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${PCASGD_JAR:-$ROOT/target/pcasgd.jar}
export BED_PREFIX=${BED_PREFIX:-pcsbr-}
BED="$ROOT/scripts/bed/bed.sh"
PORT=25520
LOG_OPTS="-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"

[[ $# -ge 1 ]] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
strategy=$1; shift
out=runs-chaos bound=400
sets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --set) sets+=(--set "$2"); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --bound) bound=$2; shift 2 ;;
        *) echo "sbr-two-process: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
name="sbr-$strategy"
run="$out/$name"
rm -rf "$run"
mkdir -p "$run/chaos"
logs="$run/chaos"
T0=$(date +%s.%N)
log() { echo "$(date +%T) +$(awk -v t0="$T0" -v t="$(date +%s.%N)" 'BEGIN { printf "%.1f", t - t0 }')s $*" | tee -a "$logs/events.log"; }

pa="" pb=""
cleanup() {
    [[ -n $pa ]] && kill -KILL "$pa" 2>/dev/null || true
    [[ -n $pb ]] && kill -KILL "$pb" 2>/dev/null || true
    "$BED" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

opts="${JAVA_OPTS:--Xmx1g} $LOG_OPTS -Dpekko.cluster.split-brain-resolver.active-strategy=$strategy"
seed="$("$BED" addr 1 2>/dev/null || echo 10.77.0.11):$PORT"
start() {   # namespace ids log [more agent options]
    local ns=$1 ids=$2 file=$3; shift 3
    echo "=== start at $(date +%T) $*" >>"$file"
    # shellcheck disable=SC2086
    "$BED" exec "$ns" java $opts -jar "$JAR" agent --id "$ids" --host "$("$BED" addr "$ns")" --port "$PORT" \
        --seed-nodes "$seed" --join-timeout PT120S --timeout "PT${bound}S" --config "$HERE/chaos.yaml" \
        --set name="$name" --set output="$out" "${sets[@]}" "$@" >>"$file" 2>&1 &
}

"$BED" up 2 >/dev/null
seed="$("$BED" addr 1):$PORT"
log "strategy $strategy: A (agents 0-3, coordinator, seed) at $seed, B (agents 4-7) at $("$BED" addr 0):$PORT"
start 1 0,1,2,3 "$logs/process-A.log"; pa=$!
sleep 3
start 0 4,5,6,7 "$logs/process-B.log"; pb=$!

epochs() { [[ -f $run/metrics.csv ]] && echo $(($(wc -l <"$run/metrics.csv") - 1)) || echo 0; }
while (($(epochs) < 1)) && kill -0 "$pa" 2>/dev/null; do sleep 1; done
log "kill -9 B with epoch $(epochs) closed"
kill -KILL "$pb"; wait "$pb" 2>/dev/null || true; pb=""
sleep 15
if kill -0 "$pa" 2>/dev/null; then
    log "A still running 15 s after the crash; restarting B with --resume"
    start 0 4,5,6,7 "$logs/process-B.log" --resume; pb=$!
else
    log "A has already exited 15 s after the crash"
fi

sta=0
for ((t = 0; t < bound; t++)); do kill -0 "$pa" 2>/dev/null || break; sleep 1; done
if kill -0 "$pa" 2>/dev/null; then log "HANG: A still running after $bound s"; sta=124; else wait "$pa" || sta=$?; fi
pa=""
log "A exited with status $sta after $(epochs) closed epochs"
if [[ -n $pb ]]; then
    stb=0
    for _ in $(seq 60); do kill -0 "$pb" 2>/dev/null || break; sleep 1; done
    wait "$pb" || stb=$?
    pb=""
    log "restarted B exited with status $stb"
fi
echo "--- A's warnings and errors:"
grep -E ' (WARN|ERROR) |^error:' "$logs/process-A.log" || true
echo "--- restarted B's warnings and errors:"
awk '/^=== start/ { n++ } n >= 2' "$logs/process-B.log" | grep -E ' (WARN|ERROR) |^error:' || true
echo "--- run: $(epochs) epochs closed; final line of metrics: $(tail -n 1 "$run/metrics.csv" 2>/dev/null | cut -d, -f1,5)"
