#!/bin/bash
# Rooms sharded over Redis Cluster (issue 14, docs/BENCHMARKS.md "Rooms on Redis Cluster"), one run
# on one host, with its own peer: the same load against one standalone Redis, measured right after.
#
#   Redis Cluster of 3 primaries + 3 replicas on loopback, 3 Hibiki nodes (client-type=cluster);
#   ROOMS rooms of 2 members, each room's members on one node (a third of the rooms per node),
#   RATE room messages/s in total, BCAST broadcasts/s, for D seconds after WARMUP.
#   FAILOVER=1: a CLUSTER FAILOVER of one primary in the middle of the run; RESHARD=1: 500 slots
#   moved with redis-cli --cluster reshard in the middle of the run.
#
#   ./mvnw -B -ntp package -DskipTests        # once, builds target/quarkus-app
#   bench/sharded.sh                          # the issue's targets: ROOMS=1000 RATE=1000 BCAST=20 D=60
#   ROOMS=30 RATE=60 BCAST=2 D=5 WARMUP=2 bench/sharded.sh   # a smoke run
#   RUNS=cluster ...                          # only the cluster run (RUNS=standalone: only the peer)
#   JAR=/old/target/quarkus-app/quarkus-run.jar bench/sharded.sh   # an older build, same measurement
#
# Reports per run (cluster, then standalone): messages lost per generator, each node's intake
# against its own rooms' messages, PUBSUB SHARDNUMSUB per room (subscriber nodes), and where Redis
# CPU goes (bench/redisstats.py): per Redis process, primaries and replicas apart, its CPU over the
# load window (the generators' measured part) minus its own idle rate measured first in the same
# run (IDLE seconds, everything connected), per room message; user and system time; commandstats
# calls and usec per room message; read/write events and bytes; cluster bus messages by type.
# Then the summary: primaries' CPU per room message summed (the target), replicas' apart, busiest /
# least busy primary, capacity against one Redis. FAILOVER/RESHARD add how long until every node
# had subscribed its room channels again, and what was lost (and whether members were told).
# Needs redis-server and redis-cli 7 (apt-get install -y redis-server). Output in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/bench-sharded}
ROOMS=${ROOMS:-1000}; RATE=${RATE:-1000}; BCAST=${BCAST:-20}
D=${D:-60}; WARMUP=${WARMUP:-10}
FAILOVER=${FAILOVER:-0}; RESHARD=${RESHARD:-0}
BASE=${BASE:-17100}          # Redis ports BASE..BASE+5 (cluster), BASE+9 (standalone)
HTTP=${HTTP:-18190}          # Hibiki ports HTTP..HTTP+2
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}   # JAR=/other/build/quarkus-run.jar: an older build, same script
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -ntp package -DskipTests" >&2; exit 2; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'echo "bench/sharded.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

wait_port() {
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2; return 1
}

redis() { # PORT [cluster]
  local dir="$PWD/$OUT/redis-$1"; rm -rf "$dir"; mkdir -p "$dir"
  local extra=()
  [ "${2:-}" = cluster ] && extra=(--cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000)
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" "${extra[@]}" > "$dir/log" 2>&1 &
  pids+=($!)
  wait_port "$1"
}

node() { # PORT NAME HOSTS CLIENT-TYPE: a quiet Hibiki (no ticks, no presence, per-address cap lifted)
  java ${HIBIKI_JAVA_OPTS:--Xmx512m} -Dquarkus.http.port=$1 -Dhibiki.node=$2 -Dhibiki.cluster.mode=redis \
    -Dquarkus.redis.hosts=$3 -Dquarkus.redis.client-type=$4 -Dhibiki.ticks.every=off -Dhibiki.presence.enabled=false \
    -Dhibiki.limits.max-connections-per-address=100000 -Dhibiki.limits.max-connections=100000 \
    -Dhibiki.persistence.enabled=false -Dquarkus.log.level=WARN ${HIBIKI_OPTS:-} -jar "$JAR" > "$OUT/$4-$2.log" 2>&1 &
  pids+=($!)
  wait_port $1
}

snap() { # FILE PORT...: a snapshot of each Redis for bench/redisstats.py
  python3 bench/redisstats.py snap "$@"
}

room_messages() { # LOAD0 LOAD1 DISRUPTED: room messages published between two snapshots
  # Undisrupted: the primaries' XADD calls (one per room message; the seq upkeep script, run every
  # sweep, adds none). After a failover or reshard roles changed: the script calls on every Redis,
  # recovery reads included.
  python3 - "$@" <<'PY'
import json, sys
a, b, disrupted = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3] == "1"
def calls(values, command):
    v = values.get(f"cmdstat_{command}")
    return int(dict(f.split("=", 1) for f in v.split(","))["calls"]) if v else 0
total = 0
for port, before in a.items():
    after = b.get(port, {})
    if disrupted:
        total += calls(after, "evalsha") - calls(before, "evalsha")
    elif before.get("role") == "master":
        total += calls(after, "xadd") - calls(before, "xadd")
print(total)
PY
}

wait_phase() { # all|any PATTERN FILE...: until all (or any) of the files have a line matching PATTERN
  local how=$1 pattern=$2; shift 2
  for _ in $(seq 1 $(( (D + WARMUP + 120) * 5 ))); do
    local hits=0
    for f in "$@"; do grep -q -- "$pattern" "$f" 2>/dev/null && hits=$((hits + 1)); done
    if [ "$how" = any ] && [ $hits -gt 0 ]; then return 0; fi
    if [ $hits = $# ]; then return 0; fi
    sleep 0.2
  done
  echo "  (gave up waiting for '$pattern')" >&2
}

metric() { # HTTP-PORT NAME [FILTER]: a Hibiki meter from /q/metrics, summed over its tags
  curl -s "http://127.0.0.1:$1/q/metrics" | awk -v n="$2" -v f="${3:-}" \
    'index($0, n) == 1 && (f == "" || index($0, f)) {s += $NF} END {printf "%d", s}'
}

intake() { metric "$1" hibiki_cluster_intake_total; }
room_intake() { metric "$1" hibiki_cluster_intake_total 'channel="room"'; }

node_state() { # per node: resubscribes, gaps refilled, gaps lost, link up, broadcasts not relayed, as "r:g:l:u:d ..."
  for i in 0 1 2; do
    curl -s "http://127.0.0.1:$((HTTP + i))/q/metrics" | awk '
      index($0, "hibiki_cluster_resubscribes_total") == 1 {r += $NF}
      index($0, "hibiki_cluster_gaps_total") == 1 && index($0, "refilled") {g += $NF}
      index($0, "hibiki_cluster_gaps_total") == 1 && index($0, "lost") {l += $NF}
      index($0, "hibiki_cluster_redis_up") == 1 {u += $NF}
      index($0, "hibiki_cluster_relay_dropped_total") == 1 {d += $NF}
      END {printf "%d:%d:%d:%d:%d ", r, g, l, u, d}'
  done
}

run() { # LABEL PORT...: every Redis process of the run (primaries and replicas)
  local label=$1; shift
  local ports=("$@") primaries=()
  for p in "${ports[@]}"; do redis-cli -p "$p" ROLE | head -1 | grep -q master && primaries+=("$p"); done
  echo "### $label"
  uptime | sed 's/^/# /'
  local per=$((ROOMS / 3))
  # Idle baseline of each process, everything connected, no load: subtracted from its loaded CPU.
  snap "$OUT/$label-idle0.json" "${ports[@]}"
  sleep "${IDLE:-10}"
  snap "$OUT/$label-idle1.json" "${ports[@]}"
  local gens=() progress=()
  for i in 0 1 2; do
    java -jar "$JAR" bench room "ws://127.0.0.1:$((HTTP + i))/ws" -c $((2 * per)) --rooms "$per" \
      -r "$(python3 -c "print($RATE/3)")" -d "$D" --warmup "$WARMUP" --label "$label-n$i" --json \
      > "$OUT/$label-n$i.json" 2> "$OUT/$label-n$i.progress" &
    gens+=($!); progress+=("$OUT/$label-n$i.progress")
  done
  java -jar "$JAR" bench broadcast "ws://127.0.0.1:$HTTP/ws,ws://127.0.0.1:$((HTTP + 1))/ws,ws://127.0.0.1:$((HTTP + 2))/ws" \
    -c 30 -r "$BCAST" -d "$D" --warmup "$WARMUP" --label "$label-bcast" --json \
    > "$OUT/$label-bcast.json" 2> "$OUT/$label-bcast.progress" &
  gens+=($!)
  # The load window is the generators' measured part: joins (ramp-up), warm-up and leaves are out.
  wait_phase all " measure " "${progress[@]}"
  if [ "$label" = cluster ]; then
    # Rooms placed on one node each: one subscriber node per room channel (one redis-cli per
    # Redis, pipelined, before the window opens so it costs the window nothing).
    python3 - "$per" "$label" "${ports[@]}" > "$OUT/$label-shardnumsub.txt" <<'PY' || true
import subprocess, sys
sys.path.insert(0, "bench")
from hashslots import channel
per, label, ports = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
names = [channel(f"{label}-n{i}-{r}") for i in range(3) for r in range(per)]
totals = [0] * len(names)
for p in ports:
    out = subprocess.run(["redis-cli", "-p", p], input="".join(f"PUBSUB SHARDNUMSUB {n}\n" for n in names),
                         capture_output=True, text=True).stdout.split("\n")
    numbers = [line for line in out if line.strip().lstrip("-").isdigit()]
    for k in range(len(names)):
        totals[k] += int(numbers[k])
counts = {}
for t in totals:
    counts[t] = counts.get(t, 0) + 1
print(" ".join(f"{k}-subscriber rooms: {v}" for k, v in sorted(counts.items())))
PY
    sed 's/^/  SHARDNUMSUB: /' "$OUT/$label-shardnumsub.txt"
  fi
  # Each node's intake is read just before and just after the Redis snapshot, and the mean taken,
  # so the frames it counts match the window the snapshots bound.
  local intake0=() before=() rooms0=() rbefore=() state0
  for i in 0 1 2; do before+=("$(intake $((HTTP + i)))"); rbefore+=("$(room_intake $((HTTP + i)))"); done
  snap "$OUT/$label-load0.json" "${ports[@]}"
  for i in 0 1 2; do
    intake0+=($(( (${before[$i]} + $(intake $((HTTP + i)))) / 2 )))
    rooms0+=($(( (${rbefore[$i]} + $(room_intake $((HTTP + i)))) / 2 )))
  done
  state0=$(node_state)
  if [ "$label" = cluster ] && { [ "$FAILOVER" = 1 ] || [ "$RESHARD" = 1 ]; }; then
    sleep $((D / 2))
    disrupt "${primaries[@]}"
  fi
  # Closed at the first generator's end: its members leaving would otherwise count as load.
  wait_phase any "drain" "${progress[@]}"
  local intakes=() roomintakes=()
  before=(); rbefore=()
  for i in 0 1 2; do before+=("$(intake $((HTTP + i)))"); rbefore+=("$(room_intake $((HTTP + i)))"); done
  snap "$OUT/$label-load1.json" "${ports[@]}"
  for i in 0 1 2; do
    intakes+=($(( (${before[$i]} + $(intake $((HTTP + i)))) / 2 - ${intake0[$i]} )))
    roomintakes+=($(( (${rbefore[$i]} + $(room_intake $((HTTP + i)))) / 2 - ${rooms0[$i]} )))
  done
  local state1; state1=$(node_state)
  for g in "${gens[@]}"; do wait "$g" || true; done
  local messages
  local disrupted=0
  [ "$label" = cluster ] && { [ "$FAILOVER" = 1 ] || [ "$RESHARD" = 1 ]; } && disrupted=1
  messages=$(room_messages "$OUT/$label-load0.json" "$OUT/$label-load1.json" "$disrupted")
  python3 - "$OUT" "$label" "${intakes[*]}" "$messages" "$state0" "$state1" "${roomintakes[*]}" <<'PY'
import json, sys
out, label, intakes, messages = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3].split()], int(sys.argv[4])
s0 = [[int(v) for v in x.split(":")] for x in sys.argv[5].split()]
s1 = [[int(v) for v in x.split(":")] for x in sys.argv[6].split()]
roomintakes = [int(x) for x in sys.argv[7].split()]
for i in range(3):
    r = json.load(open(f"{out}/{label}-n{i}.json"))
    print(f"  node {i}: room messages sent {r['sent']} received {r['received']}/{r['expected']} lost {r['lost']}"
          f" errors {r['errors']}")
b = json.load(open(f"{out}/{label}-bcast.json"))
print(f"  broadcasts: sent {b['sent']} received {b['received']}/{b['expected']} lost {b['lost']}")
# Each node hears its own rooms' messages plus the hub channel (every node hears all of it: the
# SPUBLISHes that did not come from a room script). A node's share of the room messages is its
# generator's share of what was sent. Approximate: the window's edges also catch members leaving
# (the first generator closing) and a generator's last second, a few percent in a short run.
def calls(snapshot, command):
    total = 0
    for values in json.load(open(f"{out}/{label}-{snapshot}.json")).values():
        v = values.get(f"cmdstat_{command}")
        if v:
            total += int(dict(f.split("=", 1) for f in v.split(","))["calls"])
    return total
hub = (calls("load1", "spublish") - calls("load0", "spublish")) - messages
sent = [json.load(open(f"{out}/{label}-n{i}.json"))["sent"] for i in range(3)]
own = [messages * n / max(1, sum(sent)) for n in sent]
if hub < 0:
    # A failover or reshard: recovery scripts count as script calls and a promoted replica's
    # commandstats mix applied and executed commands, so the split is not meaningful.
    print("  intake per node in the load window: " + " / ".join(str(n) for n in intakes)
          + " frames (not split into hub and room frames in a disrupted run)")
else:
    print("  intake per node in the load window: " + " / ".join(str(n) for n in intakes)
          + f" frames = {hub} hub channel frames + room frames, approximately, "
          + " / ".join(f"{n - hub} ({(n - hub) / o:.3f}x its rooms' ~{o:.0f} messages)" for n, o in zip(intakes, own)))
# Measured, not estimated: each node counts its room-channel frames apart (the intake meter's
# channel="room" tag). All room messages in the window, over the three nodes, against the XADDs
# the primaries ran in the same window; and each node's share against its generator's share.
if hub >= 0:
    print("  room-channel intake per node (measured): " + " / ".join(str(n) for n in roomintakes)
          + f" frames; summed {sum(roomintakes)} against {messages} room messages in the window"
          + f" ({sum(roomintakes) / max(1, messages):.4f}x); per node "
          + " / ".join(f"{n / o:.3f}x" for n, o in zip(roomintakes, own)) + " of its generator's share")
# A gap in a room channel is read back from the history (refilled) or, when it is no longer kept,
# the room's members are told with recovered:false: a loss the generators count is then not silent.
refilled = sum(b[1] - a[1] for a, b in zip(s0, s1)); told = sum(b[2] - a[2] for a, b in zip(s0, s1))
resub = sum(b[0] - a[0] for a, b in zip(s0, s1))
lost = sum(json.load(open(f"{out}/{label}-n{i}.json"))["lost"] for i in range(3))
print(f"  in the window: {resub} room channels subscribed again, {refilled} gaps refilled from history, "
      f"{told} gaps told recovered:false; room messages lost {lost}"
      + ("" if lost == 0 else (" (members told)" if told else " SILENTLY")))
# Hub-wide frames (broadcasts) a node could not relay because its link was down, and each node's
# link losses (a command timing out on an overloaded host counts): the causes of lost broadcasts.
dropped = [b[4] - a[4] for a, b in zip(s0, s1)]
downs = []
for i in range(3):
    try:
        downs.append(sum("lost Redis" in line for line in open(f"{out}/{label}-s{i}.log")))
    except OSError:
        downs.append(-1)
print(f"  broadcasts not relayed in the window (link down): {' / '.join(map(str, dropped))}; "
      f"'lost Redis' in the node logs over the whole run: {' / '.join(map(str, downs))}")
PY
  python3 bench/redisstats.py report "$OUT" "$label" "$OUT/$label-idle0.json" "$OUT/$label-idle1.json" \
    "$OUT/$label-load0.json" "$OUT/$label-load1.json" "$messages"
}

settled() { # WHAT STATE-BEFORE T0: wait until the nodes a disruption touched have subscribed again
  # A node whose room channel Redis dropped (or that got MOVED) reconnects and subscribes all its
  # room channels again: its resubscribes counter moves. Polled every 0.1 s until at least one
  # node moved, all are up and nothing moved for 1 s; reports when the last one moved. A node
  # with no room in the moved slots has nothing to do and is reported as untouched.
  local what=$1 before=$2 t0=$3 now last="" last_t="" ok=0
  for _ in $(seq 1 300); do
    now=$(node_state)
    if [ "$now" != "$last" ]; then last=$now; last_t=$(date +%s.%N); fi
    ok=$(python3 - "$before" "$now" "$last_t" "$(date +%s.%N)" <<'PY'
import sys
b = [x.split(":") for x in sys.argv[1].split()]; n = [x.split(":") for x in sys.argv[2].split()]
moved = any(int(y[0]) > int(x[0]) for x, y in zip(b, n))
up = all(y[3] == "1" for y in n)
print(1 if moved and up and float(sys.argv[4]) - float(sys.argv[3]) >= 1.0 else 0)
PY
)
    [ "$ok" = 1 ] && break
    sleep 0.1
  done
  python3 - "$what" "$before" "$now" "$ok" "$t0" "$last_t" <<'PY'
import sys
what = sys.argv[1]
b = [[int(v) for v in x.split(":")] for x in sys.argv[2].split()]
n = [[int(v) for v in x.split(":")] for x in sys.argv[3].split()]
took = max(0.0, float(sys.argv[6]) - float(sys.argv[5]))
per = ", ".join(str(y[0] - x[0]) if y[0] > x[0] else "untouched" for x, y in zip(b, n))
if sys.argv[4] == "1":
    print(f"  {what}: nodes resubscribed within {took:.1f} s (room channels subscribed again per node: {per})")
else:
    print(f"  {what}: NOT settled after 30 s: {sys.argv[3]}")
PY
}

disrupt() { # PRIMARY-PORTS...: a failover and/or a reshard in the middle of the load
  local primaries=("$@") before t0
  if [ "$FAILOVER" = 1 ]; then
    local replica
    replica=$(redis-cli -p "${primaries[0]}" CLUSTER NODES | awk -v id="$(redis-cli -p "${primaries[0]}" CLUSTER MYID)" '$4 == id {split($2, a, "[:@]"); print a[2]; exit}')
    before=$(node_state); t0=$(date +%s.%N)
    echo "  CLUSTER FAILOVER on $replica (replica of ${primaries[0]}): $(redis-cli -p "$replica" CLUSTER FAILOVER)"
    settled "after the failover" "$before" "$t0"
  fi
  if [ "$RESHARD" = 1 ]; then
    local from to t1
    # After a failover the nodes need a moment to agree on the configuration; reshard refuses before.
    for _ in $(seq 1 60); do
      redis-cli --cluster check "127.0.0.1:${primaries[1]}" 2>/dev/null | grep -q "All nodes agree" && break
      sleep 0.5
    done
    from=$(redis-cli -p "${primaries[1]}" CLUSTER MYID); to=$(redis-cli -p "${primaries[2]}" CLUSTER MYID)
    before=$(node_state); t0=$(date +%s.%N)
    if redis-cli --cluster reshard "127.0.0.1:${primaries[1]}" --cluster-from "$from" --cluster-to "$to" \
      --cluster-slots 500 --cluster-yes > "$OUT/reshard.log" 2>&1; then
      t1=$(date +%s.%N)
      echo "  resharded 500 slots in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s"
      settled "after the reshard's end" "$before" "$t1"
    else
      echo "  reshard failed (see $OUT/reshard.log)"
    fi
  fi
  echo "  (the CPU figures below include the failover and reshard work: compare disrupted runs by losses)"
}

summary() {
  python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
c = json.load(open(f"{out}/cluster-cpu.json")); s = json.load(open(f"{out}/standalone-cpu.json"))
p, r, st = c["primary"], c.get("replica", {}), s["primary"]
busiest = max(c["shardCpu"]) / c["messages"] * 1e6   # the busiest shard's CPU spread over all messages
print(f"### summary: Redis CPU per room message (process CPU, idle subtracted)")
print(f"  cluster primaries {p['usPerMessage']:.1f} us summed (target <= 12; inside scripts {p['scriptUsPerMessage']:.1f} us); "
      f"replicas {r.get('usPerMessage', 0):.1f} us (replication, shown apart); standalone {st['usPerMessage']:.1f} us")
if min(c["shardCpu"]) > 0:
    print(f"  busiest/least busy primary {max(c['shardCpu']) / min(c['shardCpu']):.2f} (target <= 1.5)")
print(f"  capacity (1 core per shard saturated): cluster ~{1e6 / busiest:.0f} msg/s, standalone ~{1e6 / st['usPerMessage']:.0f} msg/s, "
      f"ratio {st['usPerMessage'] / busiest:.2f}")
PY
}

RUNS=${RUNS:-cluster standalone}

# 1. Redis Cluster, 3 + 3.
if [[ " $RUNS " == *" cluster "* ]]; then
ports=(); for i in 0 1 2 3 4 5; do redis $((BASE + i)) cluster; ports+=("127.0.0.1:$((BASE + i))"); done
redis-cli --cluster create "${ports[@]}" --cluster-replicas 1 --cluster-yes > "$OUT/create.log"
until redis-cli -p "$BASE" CLUSTER INFO | grep -q cluster_state:ok; do sleep 0.2; done
sleep 1
hosts=$(for i in 0 1 2; do echo -n "redis://127.0.0.1:$((BASE + i)),"; done)
for i in 0 1 2; do node $((HTTP + i)) "s$i" "${hosts%,}" cluster; done
sleep 2
run cluster $(for i in 0 1 2 3 4 5; do echo $((BASE + i)); done)
cleanup; pids=()
fi

# 2. The peer: one standalone Redis, same nodes and load.
if [[ " $RUNS " == *" standalone "* ]]; then
redis $((BASE + 9))
for i in 0 1 2; do node $((HTTP + i)) "s$i" "redis://127.0.0.1:$((BASE + 9))" standalone; done
sleep 2
run standalone $((BASE + 9))
fi
if [ -f "$OUT/cluster-cpu.json" ] && [ -f "$OUT/standalone-cpu.json" ]; then summary; fi
