#!/bin/bash
# Redis CPU of the room publish script alone (docs/BENCHMARKS.md "Rooms on Redis Cluster"), the
# way issue 14's reference figures were taken: redis-benchmark calling it on a Redis Cluster of one
# primary and one replica on loopback, with one subscriber on the room's channel (so SPUBLISH
# delivers, crosses the cluster bus to the replica, and the replica applies what the script wrote).
#
#   bench/script-cost.sh                 # the script in the work tree
#   bench/script-cost.sh b47ed61         # and the one of an older commit, alternately
#   ROUNDS=5 N=50000 bench/script-cost.sh b47ed61
#
# Prints Redis CPU (used_cpu_user + used_cpu_sys, whole process) per call, primary and replica, at
# 1 client (one call at a time: every call wakes Redis up, as at a low message rate), 20 clients
# (Redis busy, one call per client in flight, as redis-benchmark measures by default) and 3 clients
# pipelining 10 calls each (three nodes whose ordered connections carry many messages at once, as
# under load: the cost per message that sets capacity). Each figure is the lowest of ROUNDS rounds:
# on a shared machine, other load only ever adds. Needs redis-server, redis-cli, redis-benchmark 7.
#
#   RATE=333 bench/script-cost.sh   # also one request at a time at 333/s (a shard's share of 1,000
#                                   # room messages/s over 3 primaries) for PING, SPUBLISH to the
#                                   # subscribed channel, and the script: what a lone request costs
#                                   # Redis, the floor under any one-request-per-message design
#   RATE=333 PACED_ONLY=1 bench/script-cost.sh   # only that
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-30000}; ROUNDS=${ROUNDS:-3}; P=${BASE:-17300}; R=$((P + 1))
DIR=${OUT:-target/bench-script-cost}
rm -rf "$DIR"; mkdir -p "$DIR/$P" "$DIR/$R"

script_of() { # REV|worktree: RoomScripts.PUBLISH as Lua
  local src=src/main/java/dev/hibiki/rooms/cluster/RoomScripts.java
  if [ "$1" = worktree ]; then cat "$src"; else git show "$1:$src"; fi | python3 -c '
import sys
java = sys.stdin.read()
start = java.index("static final String PUBLISH = \"\"\"") + len("static final String PUBLISH = \"\"\"")
body = java[start:java.index("\"\"\";", start)]
print(body.replace("\\\\", "\\"))'
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for p in $P $R; do
  redis-server --port $p --bind 127.0.0.1 --save "" --appendonly no --dir "$PWD/$DIR/$p" --cluster-enabled yes \
    --cluster-config-file nodes.conf --cluster-node-timeout 2000 > "$DIR/$p/log" 2>&1 &
  pids+=($!)
done
until redis-cli -p $P PING 2>/dev/null | grep -q PONG && redis-cli -p $R PING 2>/dev/null | grep -q PONG; do sleep 0.1; done
redis-cli -p $P CLUSTER ADDSLOTSRANGE 0 16383 > /dev/null
redis-cli -p $R CLUSTER MEET 127.0.0.1 $P > /dev/null
until redis-cli -p $R CLUSTER NODES | grep -q "$(redis-cli -p $P CLUSTER MYID)"; do sleep 0.2; done
sleep 1
redis-cli -p $R CLUSTER REPLICATE "$(redis-cli -p $P CLUSTER MYID)" > /dev/null
until redis-cli -p $P CLUSTER INFO | grep -q cluster_state:ok \
  && redis-cli -p $R INFO replication | grep -q master_link_status:up; do sleep 0.2; done
CH='hibiki:{t}:room:r1'
redis-cli -p $P SSUBSCRIBE "$CH" > /dev/null &
pids+=($!)
sleep 0.3

cpu() { redis-cli -p "$1" INFO cpu | tr -d '\r' | awk -F: '/^used_cpu_(sys|user):/ {s += $2} END {printf "%.6f", s}'; }

versions=(worktree "$@")
declare -A sha best
for v in "${versions[@]}"; do
  script_of "$v" > "$DIR/$v.lua"
  sha[$v]=$(redis-cli -p $P SCRIPT LOAD "$(cat "$DIR/$v.lua")")
done
# The arguments RedisRooms passes: a message of the size the benchmarks send, history 100,
# seq TTL 7 min, log TTL 5 min (the defaults).
if [ -z "${PACED_ONLY:-}" ]; then
for round in $(seq 1 "$ROUNDS"); do
  for mode in 1 20 3x10; do
    c=${mode%x*}; pipe=1; [ "$mode" = 3x10 ] && pipe=10
    for v in "${versions[@]}"; do
      redis-cli -p $P DEL 'hibiki:{t}:room:r1:seq' 'hibiki:{t}:room:r1:log' > /dev/null
      args=(EVALSHA "${sha[$v]}" 2 'hibiki:{t}:room:r1:seq' 'hibiki:{t}:room:r1:log' "$CH" 'room.msg s0~d83b3522 r1 -'
        '{"type":"message","room":"r1","seq":'
        ',"from":{"id":"33033110-29ea-478b-aca5-5c4a4b8bf429","name":"bench"},"text":"m:9873555194692","ts":"2026-11-29T22:22:51.696Z"}'
        0 0 100 420000 300000 1795990971000 -)
      redis-benchmark -p $P -c "$c" -P "$pipe" -n 2000 "${args[@]}" > /dev/null   # warm-up
      p0=$(cpu $P); r0=$(cpu $R)
      redis-benchmark -p $P -c "$c" -P "$pipe" -n "$N" "${args[@]}" > /dev/null
      p1=$(cpu $P); r1=$(cpu $R)
      for who in primary replica; do
        if [ $who = primary ]; then d=$(python3 -c "print(($p1 - $p0) / $N * 1e6)"); else d=$(python3 -c "print(($r1 - $r0) / $N * 1e6)"); fi
        k="$v $mode $who"
        if [ -z "${best[$k]:-}" ] || python3 -c "import sys; sys.exit(0 if $d < ${best[$k]} else 1)"; then best[$k]=$d; fi
      done
    done
  done
done
echo "# room publish script, Redis CPU per call (lowest of $ROUNDS rounds of $N calls), $(uptime | sed 's/.*load/load/')"
printf "%-10s %18s %18s %18s %18s %18s %18s\n" script "primary, 1 client" "replica" "primary, 20 clients" "replica" \
  "primary, 3 x 10" "replica"
for v in "${versions[@]}"; do
  printf "%-10s %15.1f us %15.1f us %15.1f us %15.1f us %15.1f us %15.1f us\n" "$v" "${best[$v 1 primary]}" \
    "${best[$v 1 replica]}" "${best[$v 20 primary]}" "${best[$v 20 replica]}" "${best[$v 3x10 primary]}" "${best[$v 3x10 replica]}"
done
fi
[ -n "${RATE:-}" ] || exit 0
# Paced: one request at a time, RATE per second for PACED_SECONDS, each waited for (bench/paced.py).
PACED_SECONDS=${PACED_SECONDS:-20}
args=(EVALSHA "${sha[worktree]}" 2 'hibiki:{t}:room:r1:seq' 'hibiki:{t}:room:r1:log' "$CH" 'room.msg s0~d83b3522 r1 -'
  '{"type":"message","room":"r1","seq":'
  ',"from":{"id":"33033110-29ea-478b-aca5-5c4a4b8bf429","name":"bench"},"text":"m:9873555194692","ts":"2026-11-29T22:22:51.696Z"}'
  0 0 100 420000 300000 1795990971000 -)
body='{"type":"message","room":"r1","seq":1,"from":{"id":"33033110-29ea-478b-aca5-5c4a4b8bf429","name":"bench"},"text":"m:9873555194692","ts":"2026-11-29T22:22:51.696Z"}'
# Each Redis' own idle CPU over the same time (cron, cluster bus), subtracted below.
p0=$(cpu $P); r0=$(cpu $R); sleep "$PACED_SECONDS"; p1=$(cpu $P); r1=$(cpu $R)
idle_p=$(python3 -c "print(($p1 - $p0) / $PACED_SECONDS)"); idle_r=$(python3 -c "print(($r1 - $r0) / $PACED_SECONDS)")
echo "# one request at a time at $RATE/s for ${PACED_SECONDS} s: Redis CPU per request (whole process, its idle rate subtracted: primary $(python3 -c "print(round($idle_p * 1e3, 2))") ms/s, replica $(python3 -c "print(round($idle_r * 1e3, 2))") ms/s), lowest of $ROUNDS, $(uptime | sed 's/.*load/load/')"
printf "%-22s %14s %14s %14s\n" request primary replica summed
for what in PING SPUBLISH script; do
  lo_p=""; lo_r=""
  for round in $(seq 1 "$ROUNDS"); do
    case $what in
      PING) cmd=(PING) ;;
      SPUBLISH) cmd=(SPUBLISH "$CH" "room.msg s0~d83b3522 r1 -
$body") ;;
      script) redis-cli -p $P DEL 'hibiki:{t}:room:r1:seq' 'hibiki:{t}:room:r1:log' > /dev/null; cmd=("${args[@]}") ;;
    esac
    p0=$(cpu $P); r0=$(cpu $R)
    n=$(python3 bench/paced.py $P "$RATE" "$PACED_SECONDS" "${cmd[@]}")
    p1=$(cpu $P); r1=$(cpu $R)
    dp=$(python3 -c "print(($p1 - $p0 - $idle_p * $PACED_SECONDS) / $n * 1e6)")
    dr=$(python3 -c "print(($r1 - $r0 - $idle_r * $PACED_SECONDS) / $n * 1e6)")
    if [ -z "$lo_p" ] || python3 -c "import sys; sys.exit(0 if $dp + $dr < $lo_p + $lo_r else 1)"; then lo_p=$dp; lo_r=$dr; fi
  done
  printf "%-22s %11.1f us %11.1f us %11.1f us\n" "$what" "$lo_p" "$lo_r" "$(python3 -c "print($lo_p + $lo_r)")"
done
