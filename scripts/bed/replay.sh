#!/usr/bin/env bash
# Replays a recorded actor run in the simulator (delay: trace) with the run's own config and
# method and with others, then shows both side by side: test accuracy per epoch (recorded run vs
# each replay) and the age histograms (recorded message ages vs the ages of the copies the replay
# mixed; scripts/bed/age-histogram.py, checked against the replay's own late_fraction/late_age).
#
#   scripts/bed/replay.sh RUN_DIR [--out DIR] [--methods "pc-asgd stale-dsgd dsgd"] [--seed S]
#
# Each replay is `pcasgd train --config RUN_DIR/config.yaml --set runtime=sim --set delay=trace
# --set delayTrace=RUN_DIR --method M`, written to DIR/replay-<run>-<method>[-s<seed>]/.
# Environment: PCASGD_JAR (default target/pcasgd.jar).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${PCASGD_JAR:-$ROOT/target/pcasgd.jar}

[[ $# -ge 1 ]] || { sed -n '2,/^set -/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 2; }
run=$(cd "$1" && pwd); shift
out=runs-replay methods="pc-asgd stale-dsgd dsgd" seed=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --methods) methods=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) echo "replay: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
base=$(basename "$run")
recorded=$(awk -F': *' '$1 == "method" { print $2 }' "$run/config.yaml")

dirs=()
for m in $methods; do
    name="replay-$base-$m${seed:+-s$seed}"
    # shellcheck disable=SC2086
    java -jar "$JAR" train --config "$run/config.yaml" --set runtime=sim --set delay=trace --set delayTrace="$run" \
        --method "$m" --name "$name" --output "$out" ${seed:+--seed $seed} >"$out/$name.log" 2>&1
    dirs+=("$out/$name")
    echo "replayed with $m: $(tail -n 1 "$out/$name.log")"
done

echo
printf 'epoch  %-22s' "recorded ($recorded)"
for m in $methods; do printf '  %-18s' "replay $m"; done
echo
epochs=$(($(wc -l <"$run/metrics.csv") - 1))
for ((e = 1; e <= epochs; e++)); do
    printf '%5d  %-22s' "$e" "$(awk -F, -v e="$e" 'NR > 1 && $1 == e { print $5 }' "$run/metrics.csv")"
    for d in "${dirs[@]}"; do printf '  %-18s' "$(awk -F, -v e="$e" 'NR > 1 && $1 == e { print $5 }' "$d/metrics.csv")"; done
    echo
done
echo
# the replay with the recorded run's own method is the one whose copies' ages are compared
own="$out/replay-$base-$recorded${seed:+-s$seed}"
[[ -d $own ]] || own=${dirs[0]}
python3 "$HERE/age-histogram.py" "$run" --replay "$own"
