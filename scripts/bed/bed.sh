#!/usr/bin/env bash
# Slow-link test bed for pcasgd's cluster runtime: N network namespaces on one bridge, with
# real kernel bandwidth caps per agent pair (HTB + u32) and netfilter cuts for chaos tests.
#
#   bed.sh [--prefix P] up N [--cap "i-j:RATE"] [--cap "i>j:RATE"] ...
#   bed.sh [--prefix P] cut i j | heal i j
#   bed.sh [--prefix P] exec i CMD [ARGS...]
#   bed.sh [--prefix P] addr i | status | down
#
# Agent i lives in namespace ${PREFIX}i with eth0 = ${SUBNET}.(10+i)/24; its veth peer v<i>
# is a port of bridge br0 in namespace ${PREFIX}br. The bridge has its own namespace so the bed
# never touches the root namespace's links, addresses or firewall, and `down` only has to delete
# namespaces: removing the bridge namespace destroys every veth pair with it.
#
# "i-j:RATE" caps both directions between agents i and j, "i>j:RATE" only i -> j. RATE is any tc
# rate (20mbit, 500kbit, 1gbit, 2mbps = bytes/s). Caps are egress HTB classes on the sender's
# eth0, chosen by a u32 filter on the destination address; all other traffic bypasses HTB
# (its direct queue), so only the capped pair is slow. There is no netem on this kernel: the
# bed shapes bandwidth (and the queueing delay that comes with it), not fixed latency.
#
# Inside a cap, packets under 256 bytes go ahead of bulk data (BED_QUEUE=small-first, the default):
# acknowledgements and heartbeats do not wait behind a megabyte of parameters, as on a Linux host
# whose default qdisc (fq_codel) favours sparse flows. BED_QUEUE=fifo keeps one queue per cap.
#
# Environment: BED_PREFIX (default pcb; must end in a letter or '-' so that agent names stay
# unambiguous), BED_SUBNET (first three octets, default 10.77.0). Needs root and iproute2;
# cut/heal need iptables (apt-get install -y iptables).
set -euo pipefail

PREFIX=${BED_PREFIX:-pcb}
# how a capped link queues: small-first (default; small packets ahead of bulk) or fifo (one queue)
QUEUE=${BED_QUEUE:-small-first}
SUBNET=${BED_SUBNET:-10.77.0}
MAX_AGENTS=200

die() { echo "bed: $*" >&2; exit 2; }

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

check_names() {
    [[ $PREFIX =~ ^[a-z][a-z0-9-]*[a-z-]$ ]] \
        || die "prefix '$PREFIX' must be lower-case letters, digits, '-', and end in a letter or '-'"
    [[ $QUEUE == fifo || $QUEUE == small-first ]] || die "BED_QUEUE must be fifo or small-first, got '$QUEUE'"
    [[ $SUBNET =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] \
        || die "BED_SUBNET must be three octets like 10.77.0, got '$SUBNET'"
}

ns() { echo "${PREFIX}$1"; }
brns() { echo "${PREFIX}br"; }
addr() { echo "${SUBNET}.$((10 + $1))"; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found${2:+ ($2)}"
}

need_root() {
    [[ $(id -u) -eq 0 ]] || die "network namespaces need root (uid 0), running as uid $(id -u)"
}

# Agent namespaces of this prefix that exist now, in numeric order.
agents_present() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${PREFIX}[0-9]+$" \
        | sed "s/^${PREFIX}//" | sort -n || true
}

agent_index() {
    local i=$1
    [[ $i =~ ^[0-9]+$ ]] || die "agent index must be a number, got '$i'"
    ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$(ns "$i")" \
        || die "no namespace $(ns "$i"); is the bed up (bed.sh up N)?"
}

kill_leftovers() {
    # Processes started in a namespace keep it (and its eth0) alive after `ip netns del`;
    # they are the bed's own (started through `exec`), so end them.
    local n pids
    for n in "$@"; do
        pids=$(ip netns pids "$n" 2>/dev/null || true)
        [[ -z $pids ]] && continue
        echo "bed: ending processes left in $n: $(echo $pids)" >&2
        # shellcheck disable=SC2086
        kill -TERM $pids 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            pids=$(ip netns pids "$n" 2>/dev/null || true)
            [[ -z $pids ]] && break
            sleep 0.2
        done
        # shellcheck disable=SC2086
        [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
    done
}

do_down() {
    local names=() i n
    for i in $(agents_present); do names+=("$(ns "$i")"); done
    if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$(brns)"; then names+=("$(brns)"); fi
    [[ ${#names[@]} -eq 0 ]] && return 0
    kill_leftovers "${names[@]}"
    for n in "${names[@]}"; do
        ip netns del "$n" 2>/dev/null || true
    done
}

cmd_down() {
    need_root; need ip "iproute2"
    do_down
    echo "bed: down (prefix $PREFIX)"
}

# cap_spec -> "src dst rate" lines, one per direction
parse_cap() {
    local spec=$1 n=$2
    [[ $spec =~ ^([0-9]+)([->])([0-9]+):([0-9]+(\.[0-9]+)?[kKmMgG]?(bit|bps))$ ]] \
        || die "cap '$spec' must look like 'i-j:20mbit' (both ways) or 'i>j:20mbit' (one way)"
    local i=${BASH_REMATCH[1]} dir=${BASH_REMATCH[2]} j=${BASH_REMATCH[3]} rate=${BASH_REMATCH[4]}
    ((i < n && j < n)) || die "cap '$spec' names an agent outside 0..$((n - 1))"
    ((i != j)) || die "cap '$spec' links an agent to itself"
    echo "$i $j $rate"
    [[ $dir == "-" ]] && echo "$j $i $rate"
    return 0
}

cmd_up() {
    need_root; need ip "iproute2"; need tc "iproute2"
    [[ $# -ge 1 ]] || usage
    local n=$1; shift
    [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= MAX_AGENTS)) || die "N must be 1..$MAX_AGENTS, got '$n'"
    local caps=()
    while [[ $# -gt 0 ]]; do
        case $1 in
            --cap) [[ $# -ge 2 ]] || die "--cap needs a value"; caps+=("$2"); shift 2 ;;
            --cap=*) caps+=("${1#--cap=}"); shift ;;
            *) die "unknown argument to up: '$1'" ;;
        esac
    done
    # validate every cap before touching anything; a later cap of the same direction wins
    declare -A rate=()
    local spec lines src dst r
    for spec in "${caps[@]}"; do
        lines=$(parse_cap "$spec" "$n")
        while read -r src dst r; do rate["$src,$dst"]=$r; done <<<"$lines"
    done

    # Idempotent: whatever an earlier run of this prefix left is replaced.
    do_down
    # EXIT, not ERR: also catches expansion errors (set -u), which end the shell without ERR
    trap 'rc=$?; if ((rc != 0)); then echo "bed: up failed (exit $rc), removing the partial bed" >&2; do_down; fi' EXIT

    local br i
    br=$(brns)
    ip netns add "$br"
    ip -n "$br" link set lo up
    ip -n "$br" link add br0 type bridge
    ip -n "$br" link set br0 up
    for ((i = 0; i < n; i++)); do
        local a; a=$(ns "$i")
        ip netns add "$a"
        ip -n "$a" link set lo up
        ip -n "$br" link add "v$i" type veth peer name eth0 netns "$a"
        ip -n "$br" link set "v$i" master br0 up
        ip -n "$a" addr add "$(addr "$i")/24" dev eth0
        ip -n "$a" link set eth0 up
    done

    # One HTB root per sending agent that has caps; one class + one u32 filter per capped
    # destination. Unclassified traffic (other agents, ARP) goes to HTB's direct queue, unshaped.
    local key
    for key in $(printf '%s\n' "${!rate[@]}" | sort -t, -k1,1n -k2,2n); do
        src=${key%,*}; dst=${key#*,}; r=${rate[$key]}
        local a; a=$(ns "$src")
        if ! tc -n "$a" qdisc show dev eth0 | grep -q '^qdisc htb 1:'; then
            tc -n "$a" qdisc add dev eth0 root handle 1: htb direct_qlen 1000
        fi
        # class minor ids are read as hex by tc; "1<dst as 3 digits>" is unique per destination
        local cls; cls=1:1$(printf '%03d' "$dst")
        # rate = ceil and no parent class: nothing is borrowed, so the DRR quantum does not
        # matter; a fixed one avoids tc's "quantum is big" warning at high rates
        tc -n "$a" class add dev eth0 parent 1: classid "$cls" htb rate "$r" ceil "$r" quantum 1514
        if [[ $QUEUE == fifo ]]; then
            tc -n "$a" qdisc add dev eth0 parent "$cls" pfifo limit 1000
            tc -n "$a" filter add dev eth0 parent 1: protocol ip prio 1 u32 \
                match ip dst "$(addr "$dst")/32" flowid "$cls"
        else
            # small-first: inside the cap, packets under 256 bytes (TCP acknowledgements, heartbeats, pcasgd's
            # delivery acknowledgements) go ahead of bulk data, as the sparse-flow priority of fq_codel, the usual
            # default qdisc of a Linux host, lets them; this kernel has no fq_codel. Both children may use the whole cap.
            local small; small=1:2$(printf '%03d' "$dst")
            local bulk; bulk=1:3$(printf '%03d' "$dst")
            tc -n "$a" class add dev eth0 parent "$cls" classid "$small" htb rate 64kbit ceil "$r" prio 0 quantum 1514
            tc -n "$a" class add dev eth0 parent "$cls" classid "$bulk" htb rate "$r" ceil "$r" prio 1 quantum 1514
            tc -n "$a" qdisc add dev eth0 parent "$small" pfifo limit 1000
            tc -n "$a" qdisc add dev eth0 parent "$bulk" pfifo limit 1000
            tc -n "$a" filter add dev eth0 parent 1: protocol ip prio 1 u32 \
                match ip dst "$(addr "$dst")/32" match u16 0x0000 0xff00 at 2 flowid "$small"
            tc -n "$a" filter add dev eth0 parent 1: protocol ip prio 2 u32 \
                match ip dst "$(addr "$dst")/32" flowid "$bulk"
        fi
        echo "bed: cap $src -> $dst at $r ($QUEUE)"
    done
    trap - EXIT
    echo "bed: up $n agents (namespaces $(ns 0)..$(ns $((n - 1))), $(addr 0)..$(addr $((n - 1))), bridge in $br)"
}

# The same DROP rule pair (to and from the peer) in both namespaces: packets die at the sender
# and the receiver, like a partition; TCP sees silence, not resets.
cut_rules() {
    local op=$1 i=$2 j=$3 a b
    for pair in "$i $j" "$j $i"; do
        read -r a b <<<"$pair"
        local peer; peer=$(addr "$b")
        local rule
        for rule in "OUTPUT -d $peer" "INPUT -s $peer"; do
            # shellcheck disable=SC2086
            if [[ $op == cut ]]; then
                ip netns exec "$(ns "$a")" iptables -C $rule -j DROP 2>/dev/null \
                    || ip netns exec "$(ns "$a")" iptables -I $rule -j DROP
            else
                while ip netns exec "$(ns "$a")" iptables -C $rule -j DROP 2>/dev/null; do
                    ip netns exec "$(ns "$a")" iptables -D $rule -j DROP
                done
            fi
        done
    done
}

cmd_cut_heal() {
    local op=$1; shift
    need_root; need ip "iproute2"; need iptables "apt-get install -y iptables"
    [[ $# -eq 2 ]] || die "usage: bed.sh $op i j"
    agent_index "$1"; agent_index "$2"
    [[ $1 != "$2" ]] || die "$op needs two different agents"
    cut_rules "$op" "$1" "$2"
    echo "bed: $op $1 <-> $2"
}

cmd_exec() {
    need_root; need ip "iproute2"
    [[ $# -ge 2 ]] || die "usage: bed.sh exec i CMD [ARGS...]"
    agent_index "$1"
    local a; a=$(ns "$1"); shift
    exec ip netns exec "$a" "$@"
}

cmd_status() {
    need ip "iproute2"
    local i
    for i in $(agents_present); do
        echo "== $(ns "$i") $(addr "$i")"
        tc -n "$(ns "$i")" -s class show dev eth0 2>/dev/null | grep -E '^class|Sent' || true
        if command -v iptables >/dev/null 2>&1; then
            ip netns exec "$(ns "$i")" iptables -S 2>/dev/null | grep DROP || true
        fi
    done
}

main() {
    while [[ $# -gt 0 && $1 == --prefix* ]]; do
        case $1 in
            --prefix) [[ $# -ge 2 ]] || die "--prefix needs a value"; PREFIX=$2; shift 2 ;;
            --prefix=*) PREFIX=${1#--prefix=}; shift ;;
        esac
    done
    check_names
    [[ $# -ge 1 ]] || usage
    local cmd=$1; shift
    case $cmd in
        up) cmd_up "$@" ;;
        down) cmd_down ;;
        cut | heal) cmd_cut_heal "$cmd" "$@" ;;
        exec) cmd_exec "$@" ;;
        addr) [[ $# -eq 1 && $1 =~ ^[0-9]+$ ]] || die "usage: bed.sh addr i"; addr "$1" ;;
        status) cmd_status ;;
        -h | --help | help) usage ;;
        *) die "unknown command '$cmd'" ;;
    esac
}

main "$@"
