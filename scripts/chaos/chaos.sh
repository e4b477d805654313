#!/usr/bin/env bash
# Chaos on a real cluster run: 8 LeNet agents (Fashion-MNIST, PC-ASGD, chaos.yaml) over 4
# `pcasgd agent` processes, each in its own network namespace of the test bed (scripts/bed/bed.sh,
# no caps); process p hosts agents 2p, 2p+1. Every process may coordinate: the coordinator runs on
# the oldest (process 0, the first seed, at the start) and moves to the next oldest when that one
# dies, is cut off or frozen. Every process gets all four addresses as seed nodes, so any of them can
# rejoin. The script is the processes' supervisor: a process that exits with a failure is restarted
# with --resume (as a Kubernetes StatefulSet would), at most 10 times.
#
#   sudo scripts/chaos/chaos.sh SCENARIO [--name NAME] [--out DIR] [--bound SECONDS] [--at "EPOCHS"]
#        [--set key=value]...
#
# SCENARIO (--at: after which closed epochs the fault starts; defaults in brackets)
#   none     no fault: the reference run
#   kill     kill -9 process 2 (agents 4, 5) three times, once both its agents have checkpointed
#            the end of their epochs [2 5 8]; restarted with --resume at once
#   kill0    kill -9 the process that hosts the coordinator at the time (process 0 first) once it has
#            closed epochs [2 5 8]; restarted with --resume at once
#   cut      netfilter cut between processes 1 and 2 (ring link 3-4) for 30 s [3]
#   cut0     the same between the coordinator's process and its ring neighbour [3]
#   cutall   the coordinator's process cut off from all three others for 30 s [3]
#   freeze   SIGSTOP process 2 for 20 s [3], then SIGCONT
#   freeze0  the same with the coordinator's process
# The run has finished when the process that closed its last epoch has written the run folder's
# `finished` marker. Every scenario then starts process 2 once more after the run has finished (it must exit at once,
# status 4) and checks every checkpoint (pcasgd.bench.tools.CheckCheckpoints): the final ones and the copies taken
# right after each fault.
#
# Hang bound: the run must end within --bound seconds (default 600) of the first process's start;
# otherwise the script says HANG, kills everything and exits 124. Each process gives up 30 s before
# that (--timeout) and says in its log what it was waiting for. Output in DIR/NAME/ (the run
# directory) and DIR/NAME/chaos/: events.log (what the script did, when), process-<p>.log (all
# lives of a process, each started with a "=== start" line), faults.txt (every WARN/ERROR line of
# every process), checkpoints-*/ (copies), summary.txt. Exit status: 0 when the run finished (its
# marker), else the last failure status of a process.
# Environment: PCASGD_JAR (default target/pcasgd.jar), BED_PREFIX (default pcchaos-), JAVA_OPTS.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${PCASGD_JAR:-$ROOT/target/pcasgd.jar}
export BED_PREFIX=${BED_PREFIX:-pcchaos-}
BED="$ROOT/scripts/bed/bed.sh"
PROCS=4
PORT=25520
MAX_RESTARTS=10
# timestamps on every log line, so the fault lines can be put next to events.log
LOG_OPTS="-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"

[[ $# -ge 1 ]] || { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
scenario=$1; shift
case $scenario in none | kill | kill0 | cut | cut0 | cutall | freeze | freeze0) ;; *) echo "chaos: unknown scenario '$scenario'" >&2; exit 2 ;; esac
name="chaos-$scenario" out=runs-chaos bound=600 config="$HERE/chaos.yaml" at=""
sets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --name) name=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --bound) bound=$2; shift 2 ;;
        --at) at=$2; shift 2 ;;
        --config) config=$2; shift 2 ;;
        --set) sets+=(--set "$2"); shift 2 ;;
        *) echo "chaos: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[[ -f $JAR ]] || { echo "chaos: no $JAR (build it, or set PCASGD_JAR)" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
run="$out/$name"
rm -rf "$run"
mkdir -p "$run/chaos"
logs="$run/chaos"
events="$logs/events.log"
T0=$(date +%s.%N)

elapsed() { awk -v t0="$T0" -v t="$(date +%s.%N)" 'BEGIN { printf "%.1f", t - t0 }'; }
log() { echo "$(date +%T) +$(elapsed)s $*" | tee -a "$events"; }

declare -a pid lives held
for ((p = 0; p < PROCS; p++)); do pid[p]=""; lives[p]=0; held[p]=0; done
stopped=()   # processes whose run is over for them (exit 0 or 4)

cleanup() {
    local p
    for ((p = 0; p < PROCS; p++)); do
        [[ -n ${pid[p]} ]] && kill -CONT "${pid[p]}" 2>/dev/null && kill -KILL "${pid[p]}" 2>/dev/null || true
    done
    "$BED" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

seeds=$(for ((p = 0; p < PROCS; p++)); do printf '%s%s:%s' "$([[ $p -gt 0 ]] && echo ,)" "$("$BED" addr "$p")" "$PORT"; done)
laststatus=0

start_proc() {   # p [--resume]
    local p=$1; shift
    lives[p]=$((lives[p] + 1))
    echo "=== start $((lives[p])) at $(date +%T) (+$(elapsed)s) $*" >>"$logs/process-$p.log"
    # shellcheck disable=SC2086
    "$BED" exec "$p" java ${JAVA_OPTS:--Xmx1g} $LOG_OPTS -jar "$JAR" agent --id "$((2 * p)),$((2 * p + 1))" \
        --host "$("$BED" addr "$p")" --port "$PORT" --seed-nodes "$seeds" --join-timeout PT120S --timeout "PT$((bound - 30))S" \
        --config "$config" --set name="$name" --set output="$out" "${sets[@]}" "$@" >>"$logs/process-$p.log" 2>&1 &
    pid[p]=$!
}

alive() { [[ -n ${pid[$1]} ]] && kill -0 "${pid[$1]}" 2>/dev/null; }
finished() { [[ -f $run/finished ]]; }
any_alive() { local p; for ((p = 0; p < PROCS; p++)); do alive "$p" && return 0; done; return 1; }
# the run goes on while it has not finished and some process runs (or waits to be restarted)
run_open() { ! finished && any_alive; }
# the process whose coordinator closed the last epoch (timing.csv's coordinator column), as a process number
coordinator_proc() {
    local hp p
    hp=$(awk -F, 'NR > 1 { last = $4 } END { print last }' "$run/timing.csv" 2>/dev/null)
    for ((p = 0; p < PROCS; p++)); do [[ $hp == "$("$BED" addr "$p"):$PORT" ]] && { echo "$p"; return; }; done
    echo 0
}
closed_epochs() { [[ -f $run/metrics.csv ]] && echo $(($(wc -l <"$run/metrics.csv") - 1)) || echo 0; }
ckpt_step() {   # the step in agent a's checkpoint (bytes: magic, id length, id, agent, step)
    local f="$run/checkpoints/agent-$1.ckpt"
    [[ -f $f ]] || { echo "-"; return; }
    python3 -c "import struct,sys; b=open(sys.argv[1],'rb').read(); n=struct.unpack_from('<i',b,4)[0]; print(struct.unpack_from('<q',b,12+n)[0])" "$f"
}

# The supervisor's round: a process that ended with a failure is restarted with --resume.
supervise() {
    local p st
    for ((p = 0; p < PROCS; p++)); do
        [[ -z ${pid[p]} ]] && continue
        alive "$p" && continue
        st=0; wait "${pid[p]}" 2>/dev/null || st=$?
        ((st != 0 && !held[p])) && laststatus=$st
        local last; last=$(grep -E '^(error:|[0-9:.]+ (WARN|ERROR))' "$logs/process-$p.log" | tail -n 1 || true)
        pid[p]=""
        if ((st == 0 || st == 4)); then
            log "process $p (agents $((2 * p)), $((2 * p + 1))) exited with status $st: done${last:+ (last line: $last)}"
            stopped+=("$p")
        elif ((held[p])); then
            log "process $p exited with status $st (killed by this script)"
        elif finished; then
            log "process $p exited with status $st after the run finished; not restarting${last:+ (last line: $last)}"
            stopped+=("$p")
        elif ((lives[p] > MAX_RESTARTS)); then
            log "process $p exited with status $st; $MAX_RESTARTS restarts used up, not restarting"
        else
            log "supervisor: process $p exited with status $st${last:+ ($last)}; restarting it with --resume"
            start_proc "$p" --resume
        fi
    done
}

# Sleeps n seconds in 1 s rounds of supervision; fails with HANG once the bound has passed.
tick() {
    local n=$1 i
    for ((i = 0; i < n; i++)); do
        supervise
        if awk -v e="$(elapsed)" -v b="$bound" 'BEGIN { exit !(e > b) }'; then
            log "HANG: the run has not finished within the bound of $bound s; killing every process"
            echo "HANG" >"$logs/status"
            exit 124
        fi
        sleep 1
    done
}

wait_epoch() {   # e: until the coordinator has closed epoch e (or the run is over)
    while (($(closed_epochs) < $1)) && run_open; do tick 1; done
}

# until both agents of process p have checkpointed step `target` or later (or the run is over)
wait_progress() {
    local p=$1 target=$2 a b
    while run_open; do
        a=$(ckpt_step $((2 * p))) b=$(ckpt_step $((2 * p + 1)))
        [[ $a != - && $b != - ]] && ((a >= target && b >= target)) && return 0
        tick 1
    done
}

snapshot() {   # copies the checkpoints as they are now
    cp -r "$run/checkpoints" "$logs/checkpoints-$1" 2>/dev/null || mkdir -p "$logs/checkpoints-$1"
}

echo "start $(date -Is) $(uptime)" >"$logs/load.txt"
"$BED" up "$PROCS" >"$logs/bed-up.txt"
log "scenario $scenario: bed up ($PROCS namespaces, no caps); starting processes 0..3 (bound $bound s)"
start_proc 0
sleep 2
for ((p = 1; p < PROCS; p++)); do start_proc "$p"; done

case $scenario in
    none) ;;
    kill | kill0)
        wait_epoch 1
        spe=$(awk -F, 'NR == 2 { print $2 }' "$run/metrics.csv")   # steps per epoch
        for e in ${at:-2 5 8}; do
            # the victim's own progress: both its agents have checkpointed epoch e (after a restart
            # they resume behind the others, so the coordinator's closed epochs would not say it)
            if [[ $scenario == kill ]]; then
                v=2
                wait_progress "$v" $((e * spe))
            else
                # the coordinator's process of the moment, once it has closed epoch e (its agents may be ahead)
                wait_epoch "$e"
                v=$(coordinator_proc)
            fi
            run_open || break
            alive "$v" || tick 5
            held[v]=1
            log "kill -9 process $v (agents $((2 * v)), $((2 * v + 1))) once both finished epoch $e (checkpoints: agent $((2 * v)) at step $(ckpt_step $((2 * v))), agent $((2 * v + 1)) at step $(ckpt_step $((2 * v + 1)))); epoch $(closed_epochs) closed, the last by process $(coordinator_proc)"
            kill -KILL "${pid[v]}"
            tick 1
            snapshot "kill$e"
            held[v]=0
            log "restarting process $v with --resume"
            start_proc "$v" --resume
        done
        ;;
    cut | cut0 | cutall)
        wait_epoch "${at:-3}"
        c=$(coordinator_proc)
        case $scenario in
            cut) pairs="1:2"; what="ring link 3-4" ;;
            cut0) pairs="$c:$(((c + 1) % PROCS))"; what="the coordinator's process $c and its ring neighbour" ;;
            cutall) pairs=$(for ((q = 0; q < PROCS; q++)); do ((q != c)) && printf '%s:%s ' "$c" "$q"; done)
                    what="the coordinator's process $c from all others" ;;
        esac
        log "cut $pairs (netfilter DROP both ways: $what) with epoch $(closed_epochs) closed"
        for pq in $pairs; do "$BED" cut "${pq%:*}" "${pq#*:}" >/dev/null; done
        tick 30
        for pq in $pairs; do "$BED" heal "${pq%:*}" "${pq#*:}" >/dev/null; done
        log "heal $pairs after 30 s"
        snapshot cut
        ;;
    freeze | freeze0)
        wait_epoch "${at:-3}"
        [[ $scenario == freeze ]] && v=2 || v=$(coordinator_proc)
        log "SIGSTOP process $v (agents $((2 * v)), $((2 * v + 1))) with epoch $(closed_epochs) closed; checkpoints: agent $((2 * v)) at step $(ckpt_step $((2 * v))), agent $((2 * v + 1)) at step $(ckpt_step $((2 * v + 1)))"
        kill -STOP "${pid[v]}"
        held[v]=1
        for _ in $(seq 20); do tick 1; done
        held[v]=0
        kill -CONT "${pid[v]}"
        log "SIGCONT process $v after 20 s"
        snapshot freeze
        ;;
esac

while run_open; do tick 1; done
if finished; then st0=0; else st0=$laststatus; ((st0 != 0)) || st0=2; fi
log "run over: $(finished && echo "finished ($(cat "$run/finished"))" || echo "not finished"); the last epoch closed by process $(coordinator_proc)"
# the others leave right after; the bound only stops a hang
for _ in $(seq 60); do
    any_alive || break
    supervise
    sleep 1
done
supervise
for ((p = 0; p < PROCS; p++)); do
    if alive "$p"; then log "process $p still running 60 s after the run ended; killing it"; kill -KILL "${pid[p]}"; fi
done

# an agent started after its run has finished must exit at once with a clear message
t1=$(date +%s.%N)
late=0
"$BED" exec 2 java ${JAVA_OPTS:--Xmx1g} $LOG_OPTS -jar "$JAR" agent --id 4,5 --host "$("$BED" addr 2)" --port "$PORT" \
    --seed-nodes "$seeds" --config "$config" --set name="$name" --set output="$out" "${sets[@]}" --resume \
    >"$logs/late-agent.log" 2>&1 || late=$?
log "late agent (process 2 started again after the run): status $late after $(awk -v t="$t1" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - t }') s: $(head -c 400 "$logs/late-agent.log")"

echo "end $(date -Is) $(uptime)" >>"$logs/load.txt"
"$BED" down >/dev/null 2>&1 || true

# every WARN / ERROR line of every life of every process
for ((p = 0; p < PROCS; p++)); do
    grep -E ' (WARN|ERROR) |^error:|^===' "$logs/process-$p.log" | sed "s/^/process $p: /"
done >"$logs/faults.txt" || true

# every checkpoint loads (the final ones and the copies taken right after each fault)
ck=0
# shellcheck disable=SC2046
java -cp "$(dirname "$JAR")/pcasgd-bench.jar" pcasgd.bench.tools.CheckCheckpoints "$(awk -F': *' '$1 == "epochs" { print $2 }' "$config")" \
    "$run/checkpoints" $(ls -d "$logs"/checkpoints-* 2>/dev/null) >"$logs/checkpoints.txt" 2>&1 || ck=$?

{
    echo "scenario $scenario, run $run, run status $st0, checkpoint check status $ck, wall $(elapsed) s (bound $bound s)"
    echo "restarts: $(for ((p = 0; p < PROCS; p++)); do printf 'process %d: %d lives; ' "$p" "${lives[p]}"; done)"
    echo "coordination: $(awk -F, 'NR > 1 && $4 != last { printf "%sepoch %s on %s", sep, $1, $4; sep = "; "; last = $4 }' "$run/timing.csv" 2>/dev/null)"
    python3 "$ROOT/scripts/bed/ring-summary.py" "$run" --target 0.85 | sed -n '2,/^time to/p'
    tail -n 1 "$logs/checkpoints.txt"
} | tee "$logs/summary.txt"
exit "$st0"
