#!/usr/bin/env bash
# Time to accuracy on the slow ring (run-slow-ring.sh) for several methods, interleaved
# (A B C A B C ...) so that a change of the machine's load hits every method alike.
#
#   sudo scripts/bed/compare-slow-ring.sh [--rate 100mbit] [--pairs "0-1 2-3"] [--repeats 3] [--target 0.84]
#        [--methods "pc-asgd stale-dsgd dsgd"] [--tag TAG] [--jit "c2 c1"] [--out DIR] [--set key=value]...
#
# Each run goes to DIR/<rate>-<method>-r<k>/; one CSV line per run is appended to
# DIR/results.csv (run, method, target, epoch reached, seconds at that epoch's close, seconds
# interpolated, final accuracy, total seconds, capped mean/p50/p90/max age, uncapped ditto,
# load average before the run, status, and the capped links' goodput during training as a share of the cap:
# lowest and mean over the capped directions, scripts/bed/cap-goodput.py). Extra --set options go to every
# run; --tag names a variant in the run names (e.g. bf16). --jit interleaves JVM variants as well, each
# writing to DIR/<variant>/: c2 is the JVM's default (tiered, up to C2), c1 stops at the C1 compiler
# (-XX:TieredStopAtLevel=1); four processes on two cores otherwise spend the first minute's CPU compiling.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

rate=100mbit pairs="0-1 2-3" repeats=3 target=0.84 methods="pc-asgd stale-dsgd dsgd" out=runs-bed tag="" jit=""
sets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --rate) rate=$2; shift 2 ;;
        --pairs) pairs=$2; shift 2 ;;
        --tag) tag=$2; shift 2 ;;
        --jit) jit=$2; shift 2 ;;
        --repeats) repeats=$2; shift 2 ;;
        --target) target=$2; shift 2 ;;
        --methods) methods=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --set) sets+=(--set "$2"); shift 2 ;;
        -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-slow-ring: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
# JVM options of a --jit variant (the bed's processes otherwise get JAVA_OPTS, default -Xmx1g)
jvm_options() {
    case $1 in
        c2) echo "-Xmx1g" ;;
        c1) echo "-Xmx1g -XX:TieredStopAtLevel=1" ;;
        *) echo "compare-slow-ring: --jit takes c1 and c2, got '$1'" >&2; exit 2 ;;
    esac
}
for v in $jit; do jvm_options "$v" >/dev/null; done
header="run,method,target,epoch,seconds_at_epoch,seconds_interpolated,final_accuracy,total_seconds,capped_mean,capped_p50,capped_p90,capped_max,uncapped_mean,uncapped_p50,uncapped_p90,uncapped_max,load1,status,goodput_min,goodput_mean"

for ((r = 1; r <= repeats; r++)); do
    for m in $methods; do
        for v in ${jit:-default}; do
            dir=$out
            if [[ $v != default ]]; then
                dir="$out/$v"
                export JAVA_OPTS; JAVA_OPTS=$(jvm_options "$v")
            fi
            mkdir -p "$dir"
            results="$dir/results.csv"
            [[ -f $results ]] || echo "$header" >"$results"
            name="$rate${tag:+-$tag}-$m-r$r"
            load=$(cut -d' ' -f1 /proc/loadavg)
            echo "== $(date -Is) $name${jit:+ ($v)} (load $load)"
            status=0
            "$HERE/run-slow-ring.sh" --name "$name" --method "$m" --rate "$rate" --pairs "$pairs" --out "$dir" --target "$target" \
                "${sets[@]}" >"$dir/$name.log" 2>&1 || status=$?
            # run-slow-ring.sh labels the capped links in ages.csv; the CSV line reuses that labelling
            line=$(python3 "$HERE/ring-summary.py" "$dir/$name" --target "$target" --csv \
                --capped "$(awk -F, 'NR > 1 && $3 != "uncapped" { print $1 "-" $2 }' "$dir/$name/ages.csv" 2>/dev/null | paste -sd, -)" \
                | grep '^CSV,' || echo "CSV,$name,$m,$target,,,,,,,,,,,,")
            goodput=","
            if [[ $rate != none ]]; then
                goodput=$(python3 "$HERE/cap-goodput.py" "$dir/$name" --rate "$rate" --csv \
                    | awk -F, '{ s += $6; n++; if (n == 1 || $6 < lo) lo = $6 } END { if (n) printf "%.4f,%.4f", lo, s / n; else printf "," }')
            fi
            echo "${line#CSV,},$load,$status,$goodput" >>"$results"
            tail -n 1 "$results"
        done
    done
done
