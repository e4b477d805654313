#!/usr/bin/env bash
# Which side does the split-brain resolver keep when one process of a two-process run crashes?
# Process A (agents 0-3; the first seed, so the oldest member, where the coordinator starts) runs in
# namespace 1 (10.77.0.11), process B (agents 4-7) in namespace 0 (10.77.0.10): B has the lower
# address. Both get both addresses as seeds. Once epoch 1 has closed, the victim (B by default, or A
# with --victim A) is killed with SIGKILL and restarted with --resume 15 s later. A 1:1 split is a
# tie: keep-majority keeps the side with the lowest address (B's), keep-oldest the side of the
# oldest member (A's).
#
#   sudo scripts/chaos/sbr-two-process.sh STRATEGY [--victim A|B] [--out DIR] [--bound SECONDS] [--set key=value]...
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

[[ $# -ge 1 ]] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
strategy=$1; shift
out=runs-chaos bound=400 victim=B
sets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --set) sets+=(--set "$2"); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --bound) bound=$2; shift 2 ;;
        --victim) victim=$2; shift 2 ;;
        *) echo "sbr-two-process: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
[[ $victim == A || $victim == B ]] || { echo "sbr-two-process: --victim is A or B" >&2; exit 2; }
name="sbr-$strategy$([[ $victim == A ]] && echo -kill-a)"
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
seeds=""
start() {   # namespace ids log [more agent options]
    local ns=$1 ids=$2 file=$3; shift 3
    echo "=== start at $(date +%T) $*" >>"$file"
    # shellcheck disable=SC2086
    "$BED" exec "$ns" java $opts -jar "$JAR" agent --id "$ids" --host "$("$BED" addr "$ns")" --port "$PORT" \
        --seed-nodes "$seeds" --join-timeout PT120S --timeout "PT${bound}S" --config "$HERE/chaos.yaml" \
        --set name="$name" --set output="$out" "${sets[@]}" "$@" >>"$file" 2>&1 &
}
ns_of() { [[ $1 == A ]] && echo 1 || echo 0; }
ids_of() { [[ $1 == A ]] && echo 0,1,2,3 || echo 4,5,6,7; }
declare -A pid

"$BED" up 2 >/dev/null
seeds="$("$BED" addr 1):$PORT,$("$BED" addr 0):$PORT"
log "strategy $strategy: A (agents 0-3, first seed: the oldest, where the coordinator starts) at $("$BED" addr 1):$PORT, B (agents 4-7) at $("$BED" addr 0):$PORT; victim $victim"
start 1 0,1,2,3 "$logs/process-A.log"; pid[A]=$!; pa=${pid[A]}
sleep 3
start 0 4,5,6,7 "$logs/process-B.log"; pid[B]=$!; pb=${pid[B]}
survivor=$([[ $victim == A ]] && echo B || echo A)

epochs() { [[ -f $run/metrics.csv ]] && echo $(($(wc -l <"$run/metrics.csv") - 1)) || echo 0; }
while (($(epochs) < 1)) && kill -0 "${pid[A]}" 2>/dev/null; do sleep 1; done
log "kill -9 $victim with epoch $(epochs) closed"
kill -KILL "${pid[$victim]}"; wait "${pid[$victim]}" 2>/dev/null || true
sleep 15
restarted=""
if kill -0 "${pid[$survivor]}" 2>/dev/null; then
    log "$survivor still running 15 s after the crash; restarting $victim with --resume"
    start "$(ns_of "$victim")" "$(ids_of "$victim")" "$logs/process-$victim.log" --resume; pid[$victim]=$!; restarted=$victim
else
    log "$survivor has already exited 15 s after the crash"
fi
[[ $victim == A ]] && pa=${pid[A]} || pb=${pid[B]}

sts=0
for ((t = 0; t < bound; t++)); do kill -0 "${pid[$survivor]}" 2>/dev/null || break; sleep 1; done
if kill -0 "${pid[$survivor]}" 2>/dev/null; then log "HANG: $survivor still running after $bound s"; sts=124; else wait "${pid[$survivor]}" || sts=$?; fi
log "$survivor exited with status $sts after $(epochs) closed epochs"
if [[ -n $restarted ]]; then
    str=0
    for _ in $(seq 60); do kill -0 "${pid[$victim]}" 2>/dev/null || break; sleep 1; done
    wait "${pid[$victim]}" || str=$?
    log "restarted $victim exited with status $str"
fi
pa="" pb=""
echo "--- $survivor's warnings and errors:"
grep -E ' (WARN|ERROR) |^error:' "$logs/process-$survivor.log" || true
echo "--- restarted $victim's warnings and errors:"
awk '/^=== start/ { n++ } n >= 2' "$logs/process-$victim.log" | grep -E ' (WARN|ERROR) |^error:' || true
echo "--- run: $(epochs) epochs closed; final line of metrics: $(tail -n 1 "$run/metrics.csv" 2>/dev/null | cut -d, -f1,5); $([[ -f $run/finished ]] && echo finished || echo "not finished")"
