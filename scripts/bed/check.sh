#!/usr/bin/env bash
# Measures the test bed: 3 namespaces, agents 0 and 1 linked at 20 Mbit/s (both ways), agent 2
# uncapped. Times 2 MiB over TCP on the capped pair in both directions and on the uncapped pair,
# checks the physics (2 MiB at 20 Mbit/s cannot take less than 0.84 s, minus HTB's small burst)
# and that the uncapped pair is much faster, then checks cut/heal. Always removes its bed.
# Uses its own prefix (pcbchk-), so a bed you have up under the default prefix is left alone.
#   sudo scripts/bed/check.sh        # exit 0 when every check holds
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
export BED_PREFIX=${BED_PREFIX:-pcbchk-}
BED="$HERE/bed.sh"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3) || { echo "check: python3 not found" >&2; exit 2; }
SIZE=$((2 * 1024 * 1024))
RATE=20mbit
PORT=5001
REPEATS=3

tmp=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    "$BED" down >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

"$BED" up 3 --cap "0-1:$RATE"
for i in 0 1 2; do
    "$BED" exec "$i" "$PY" -u "$HERE/transfer.py" serve "$PORT" >"$tmp/serve$i.log" 2>&1 &
    pids+=($!)
done
for i in 0 1 2; do
    for _ in $(seq 100); do grep -q ready "$tmp/serve$i.log" && break; sleep 0.1; done
    grep -q ready "$tmp/serve$i.log" || { echo "check: server in agent $i did not start:" >&2; cat "$tmp/serve$i.log" >&2; exit 1; }
done

# measure FROM TO MODE: prints the smallest of REPEATS timings (the least disturbed by load)
measure() {
    local from=$1 to=$2 mode=$3 modes=()
    for _ in $(seq "$REPEATS"); do modes+=("$mode"); done
    "$BED" exec "$from" "$PY" "$HERE/transfer.py" send "$("$BED" addr "$to")" "$PORT" "$SIZE" "${modes[@]}" \
        | awk 'NR == 1 || $2 < min { min = $2 } END { printf "%.4f\n", min }'
}

capped_push=$(measure 0 1 push)     # data 0 -> 1
capped_pull=$(measure 0 1 pull)     # data 1 -> 0
free_push=$(measure 0 2 push)       # data 0 -> 2
free_pull=$(measure 0 2 pull)       # data 2 -> 0

echo
echo "2 MiB over TCP, fastest of $REPEATS (seconds):"
printf '  %-28s %s\n' "0 -> 1 (cap $RATE)" "$capped_push" "1 -> 0 (cap $RATE)" "$capped_pull" \
    "0 -> 2 (uncapped)" "$free_push" "2 -> 0 (uncapped)" "$free_pull"
echo "  at exactly $RATE: 0.839 s for the payload alone, up to ~0.877 s with TCP/IP/Ethernet headers"

fail=0
ok() { awk "BEGIN { exit !($1) }"; }
for t in "$capped_push" "$capped_pull"; do
    ok "$t >= 0.6" || { echo "check: FAIL capped transfer took $t s < 0.6 s: the cap is not enforced" >&2; fail=1; }
done
for t in "$free_push" "$free_pull"; do
    ok "$t * 5 <= $capped_push && $t * 5 <= $capped_pull" \
        || { echo "check: FAIL uncapped transfer took $t s, not 5x faster than the capped pair" >&2; fail=1; }
done

# cut 0-2: a connection attempt must die silently; 0-1 is untouched; heal restores 0-2
"$BED" cut 0 2 >/dev/null
if "$BED" exec 0 "$PY" "$HERE/transfer.py" probe "$("$BED" addr 2)" "$PORT" 1; then
    echo "check: FAIL 0 reached 2 through a cut" >&2; fail=1
else
    echo "  cut 0 2: 0 -> 2 connect times out (as it should)"
fi
"$BED" exec 0 "$PY" "$HERE/transfer.py" probe "$("$BED" addr 1)" "$PORT" 5 \
    || { echo "check: FAIL cutting 0-2 also cut 0-1" >&2; fail=1; }
"$BED" heal 0 2 >/dev/null
if "$BED" exec 0 "$PY" "$HERE/transfer.py" probe "$("$BED" addr 2)" "$PORT" 5; then
    echo "  heal 0 2: 0 -> 2 connects again"
else
    echo "check: FAIL 0 cannot reach 2 after heal" >&2; fail=1
fi

((fail == 0)) && echo "check: OK" || echo "check: FAILED" >&2
exit "$fail"
