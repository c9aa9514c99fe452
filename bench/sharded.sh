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
#
# Reports per run (cluster, then standalone): messages lost per generator, each node's intake
# against its own rooms' messages, PUBSUB SHARDNUMSUB per room (subscriber nodes), Redis CPU per
# room message (summed, per shard, busiest/least busy) and the capacity ratio against one Redis.
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
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -ntp package -DskipTests" >&2; exit 2; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

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
    -Dhibiki.persistence.enabled=false -Dquarkus.log.level=WARN ${HIBIKI_OPTS:-} -jar "$JAR" > "$OUT/$2.log" 2>&1 &
  pids+=($!)
  wait_port $1
}

cpu() { # PORT: used_cpu_sys + used_cpu_user, seconds
  redis-cli -p "$1" INFO cpu | tr -d '\r' | awk -F: '/^used_cpu_(sys|user):/ {s += $2} END {printf "%.6f", s}'
}

calls() { # PORT: room scripts run (EVALSHA calls; upkeep scripts are a few per minute)
  redis-cli -p "$1" INFO commandstats | tr -d '\r' | awk -F'[=,]' '/^cmdstat_evalsha:/ {printf "%d", $2; f=1} END {if (!f) printf "0"}'
}

intake() { # HTTP port: hibiki_cluster_intake_total
  curl -s "http://127.0.0.1:$1/q/metrics" | awk '/^hibiki_cluster_intake_total/ {printf "%d", $2}'
}

run() { # LABEL PRIMARY-PORTS...
  local label=$1; shift
  local primaries=("$@")
  echo "### $label"
  uptime | sed 's/^/# /'
  local per=$((ROOMS / 3))
  declare -A cpu0 intake0 idle0 calls0
  # Idle baseline (cron, cluster bus, heartbeats), subtracted from the loaded figures below.
  for p in "${primaries[@]}"; do idle0[$p]=$(cpu "$p"); done
  sleep "${IDLE:-5}"
  local t0; t0=$(date +%s.%N)
  for p in "${primaries[@]}"; do cpu0[$p]=$(cpu "$p"); calls0[$p]=$(calls "$p"); done
  for i in 0 1 2; do intake0[$i]=$(intake $((HTTP + i))); done
  local gens=()
  for i in 0 1 2; do
    java -jar "$JAR" bench room "ws://127.0.0.1:$((HTTP + i))/ws" -c $((2 * per)) --rooms "$per" \
      -r "$(python3 -c "print($RATE/3)")" -d "$D" --warmup "$WARMUP" --label "$label-n$i" --json \
      > "$OUT/$label-n$i.json" 2> "$OUT/$label-n$i.progress" &
    gens+=($!)
  done
  java -jar "$JAR" bench broadcast "ws://127.0.0.1:$HTTP/ws,ws://127.0.0.1:$((HTTP + 1))/ws,ws://127.0.0.1:$((HTTP + 2))/ws" \
    -c 30 -r "$BCAST" -d "$D" --warmup "$WARMUP" --label "$label-bcast" --json \
    > "$OUT/$label-bcast.json" 2> "$OUT/$label-bcast.progress" &
  gens+=($!)
  if [ "$label" = cluster ]; then
    sleep $((WARMUP + D / 2))
    # Rooms placed on one node each: one subscriber node per room channel.
    python3 - "$per" "$label" "${primaries[@]}" > "$OUT/$label-shardnumsub.txt" <<'PY' || true
import subprocess, sys
sys.path.insert(0, "bench")
from hashslots import channel
per, label, ports = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
counts = {}
for i in range(3):
    for r in range(per):
        name = f"{label}-n{i}-{r}"
        total = 0
        for p in ports:
            out = subprocess.run(["redis-cli", "-p", p, "PUBSUB", "SHARDNUMSUB", channel(name)],
                                 capture_output=True, text=True).stdout.split()
            total += int(out[-1])
        counts[total] = counts.get(total, 0) + 1
print(" ".join(f"{k}-subscriber rooms: {v}" for k, v in sorted(counts.items())))
PY
    sed 's/^/  SHARDNUMSUB: /' "$OUT/$label-shardnumsub.txt"
    if [ "$FAILOVER" = 1 ]; then
      local replica
      replica=$(redis-cli -p "${primaries[0]}" CLUSTER NODES | awk -v id="$(redis-cli -p "${primaries[0]}" CLUSTER MYID)" '$4 == id {split($2, a, "[:@]"); print a[2]; exit}')
      echo "  CLUSTER FAILOVER on $replica (replica of ${primaries[0]}): $(redis-cli -p "$replica" CLUSTER FAILOVER)"
    fi
    if [ "$RESHARD" = 1 ]; then
      local from to
      # After a failover the nodes need a moment to agree on the configuration; reshard refuses before.
      for _ in $(seq 1 60); do
        redis-cli --cluster check "127.0.0.1:${primaries[1]}" 2>/dev/null | grep -q "All nodes agree" && break
        sleep 0.5
      done
      from=$(redis-cli -p "${primaries[1]}" CLUSTER MYID); to=$(redis-cli -p "${primaries[2]}" CLUSTER MYID)
      redis-cli --cluster reshard "127.0.0.1:${primaries[1]}" --cluster-from "$from" --cluster-to "$to" \
        --cluster-slots 500 --cluster-yes > "$OUT/reshard.log" 2>&1 && echo "  resharded 500 slots" || echo "  reshard failed (see $OUT/reshard.log)"
    fi
  fi
  for g in "${gens[@]}"; do wait "$g" || true; done
  declare -A cpu1 calls1
  local t1; t1=$(date +%s.%N)
  # After a failover the primaries changed: read CPU where it was measured (a promoted replica's
  # share is then missing, so compare failover runs by their losses, not their CPU).
  for p in "${primaries[@]}"; do cpu1[$p]=$(cpu "$p"); calls1[$p]=$(calls "$p"); done
  local intakes=()
  for i in 0 1 2; do intakes+=($(( $(intake $((HTTP + i))) - ${intake0[$i]} ))); done
  python3 - "$OUT" "$label" "${intakes[*]}" \
    "$(for p in "${primaries[@]}"; do echo -n "${cpu1[$p]}:${cpu0[$p]}:${idle0[$p]}:${calls1[$p]}:${calls0[$p]} "; done)" \
    "$t0" "$t1" "${IDLE:-5}" <<'PY'
import json, sys
out, label, intakes, cpus = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3].split()], sys.argv[4].split()
t0, t1, idle = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
total_sent = 0
for i in range(3):
    r = json.load(open(f"{out}/{label}-n{i}.json"))
    total_sent += r["sent"]
    # Intake counts the whole run (warm-up too); sent counts the measured part: compare rates.
    print(f"  node {i}: room messages sent {r['sent']} received {r['received']}/{r['expected']} lost {r['lost']}"
          f" errors {r['errors']}; intake {intakes[i]} frames")
b = json.load(open(f"{out}/{label}-bcast.json"))
print(f"  broadcasts: sent {b['sent']} received {b['received']}/{b['expected']} lost {b['lost']}")
shard, scripts = [], []
for c in cpus:
    c1, c0, i0, n1, n0 = (float(x) for x in c.split(":"))
    idle_rate = (c0 - i0) / idle                       # CPU s per s with no load
    shard.append(max(0.0, (c1 - c0) - idle_rate * (t1 - t0)))
    scripts.append(n1 - n0)
msgs = sum(scripts) or 1
print("  redis cpu s per shard (idle subtracted): " + " ".join(f"{c:.2f}" for c in shard)
      + "; scripts per shard: " + " ".join(f"{n:.0f}" for n in scripts))
print(json.dumps({"label": label, "shardCpu": shard, "scripts": scripts}), file=open(f"{out}/{label}-cpu.json", "w"))
if min(shard) > 0:
    print(f"  busiest/least busy shard: {max(shard) / min(shard):.2f}; "
          f"Redis CPU per room message {sum(shard) / msgs * 1e6:.1f} us summed")
PY
}

summary() {
  python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
c = json.load(open(f"{out}/cluster-cpu.json")); s = json.load(open(f"{out}/standalone-cpu.json"))
mc, ms = sum(c["scripts"]) or 1, sum(s["scripts"]) or 1
us_c, us_s = sum(c["shardCpu"]) / mc * 1e6, sum(s["shardCpu"]) / ms * 1e6
busiest = max(c["shardCpu"]) / mc * 1e6   # the busiest shard's CPU spread over all messages
print(f"### summary: Redis CPU per room message: cluster {us_c:.1f} us summed "
      f"(busiest shard {busiest:.1f} us per cluster-wide message), standalone {us_s:.1f} us")
print(f"  capacity (1 core per shard saturated): cluster ~{1e6 / busiest:.0f} msg/s, standalone ~{1e6 / us_s:.0f} msg/s, "
      f"ratio {us_s / busiest:.2f}")
PY
}

# 1. Redis Cluster, 3 + 3.
ports=(); for i in 0 1 2 3 4 5; do redis $((BASE + i)) cluster; ports+=("127.0.0.1:$((BASE + i))"); done
redis-cli --cluster create "${ports[@]}" --cluster-replicas 1 --cluster-yes > "$OUT/create.log"
until redis-cli -p "$BASE" CLUSTER INFO | grep -q cluster_state:ok; do sleep 0.2; done
sleep 1
primaries=(); for i in 0 1 2 3 4 5; do
  redis-cli -p $((BASE + i)) ROLE | head -1 | grep -q master && primaries+=($((BASE + i)))
done
hosts=$(for i in 0 1 2; do echo -n "redis://127.0.0.1:$((BASE + i)),"; done)
for i in 0 1 2; do node $((HTTP + i)) "s$i" "${hosts%,}" cluster; done
sleep 2
run cluster "${primaries[@]}"
cleanup; pids=()

# 2. The peer: one standalone Redis, same nodes and load.
redis $((BASE + 9))
for i in 0 1 2; do node $((HTTP + i)) "s$i" "redis://127.0.0.1:$((BASE + 9))" standalone; done
sleep 2
run standalone $((BASE + 9))
summary
