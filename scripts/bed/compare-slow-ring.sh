#!/usr/bin/env bash
# Time to accuracy on the slow ring (run-slow-ring.sh) for several methods, interleaved
# (A B C A B C ...) so that a change of the machine's load hits every method alike.
#
#   sudo scripts/bed/compare-slow-ring.sh [--rate 100mbit] [--pairs "0-1 2-3"] [--repeats 3] [--target 0.84]
#        [--methods "pc-asgd stale-dsgd dsgd"] [--tag TAG] [--out DIR] [--set key=value]...
#
# Each run goes to DIR/<rate>-<method>-r<k>/; one CSV line per run is appended to
# DIR/results.csv (run, method, target, epoch reached, seconds at that epoch's close, seconds
# interpolated, final accuracy, total seconds, capped mean/p50/p90/max age, uncapped ditto,
# load average before the run, status, and the capped links' goodput during training as a share of the cap:
# lowest and mean over the capped directions, scripts/bed/cap-goodput.py). Extra --set options go to every
# run; --tag names a variant in the run names (e.g. bf16).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

rate=100mbit pairs="0-1 2-3" repeats=3 target=0.84 methods="pc-asgd stale-dsgd dsgd" out=runs-bed tag=""
sets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --rate) rate=$2; shift 2 ;;
        --pairs) pairs=$2; shift 2 ;;
        --tag) tag=$2; shift 2 ;;
        --repeats) repeats=$2; shift 2 ;;
        --target) target=$2; shift 2 ;;
        --methods) methods=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --set) sets+=(--set "$2"); shift 2 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-slow-ring: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
results="$out/results.csv"
[[ -f $results ]] || echo "run,method,target,epoch,seconds_at_epoch,seconds_interpolated,final_accuracy,total_seconds,capped_mean,capped_p50,capped_p90,capped_max,uncapped_mean,uncapped_p50,uncapped_p90,uncapped_max,load1,status,goodput_min,goodput_mean" >"$results"

for ((r = 1; r <= repeats; r++)); do
    for m in $methods; do
        name="$rate${tag:+-$tag}-$m-r$r"
        load=$(cut -d' ' -f1 /proc/loadavg)
        echo "== $(date -Is) $name (load $load)"
        status=0
        "$HERE/run-slow-ring.sh" --name "$name" --method "$m" --rate "$rate" --pairs "$pairs" --out "$out" --target "$target" \
            "${sets[@]}" >"$out/$name.log" 2>&1 || status=$?
        # run-slow-ring.sh labels the capped links in ages.csv; the CSV line reuses that labelling
        line=$(python3 "$HERE/ring-summary.py" "$out/$name" --target "$target" --csv \
            --capped "$(awk -F, 'NR > 1 && $3 != "uncapped" { print $1 "-" $2 }' "$out/$name/ages.csv" 2>/dev/null | paste -sd, -)" \
            | grep '^CSV,' || echo "CSV,$name,$m,$target,,,,,,,,,,,,")
        goodput=","
        if [[ $rate != none ]]; then
            goodput=$(python3 "$HERE/cap-goodput.py" "$out/$name" --rate "$rate" --csv \
                | awk -F, '{ s += $6; n++; if (n == 1 || $6 < lo) lo = $6 } END { if (n) printf "%.4f,%.4f", lo, s / n; else printf "," }')
        fi
        echo "${line#CSV,},$load,$status,$goodput" >>"$results"
        tail -n 1 "$results"
    done
done
