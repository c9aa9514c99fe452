#!/bin/bash
# Cluster mode figures (docs/BENCHMARKS.md, "Cluster mode"), all in one run on one host:
#   1. broadcast latency when publisher and subscribers are on the same node, then when the
#      publisher is on node 1 and every subscriber on node 2 (the added cost of a cross-node hop);
#   2. broadcast fan-out of one node in local mode against a 2-node cluster with the subscribers
#      split between the nodes, at the same offered rate.
#
#   ./mvnw -B -ntp package -DskipTests        # once, builds target/quarkus-app
#   bench/cluster.sh                          # defaults below; or set C, R, FAN_C, FAN_R, D, WARMUP
#
# Needs redis-server (apt-get install -y redis-server). Reports in $OUT (default target/bench-cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/bench-cluster}
C=${C:-200}; R=${R:-200}          # latency runs: subscribers, broadcasts per second
FAN_C=${FAN_C:-2000}; FAN_R=${FAN_R:-50}   # fan-out runs
D=${D:-10}; WARMUP=${WARMUP:-10}
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -ntp package -DskipTests" >&2; exit 2; }
REDIS_PORT=16379
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

# node PORT NAME MODE: a quiet Hibiki (no ticks, no presence, per-address cap lifted).
node() {
  java ${HIBIKI_JAVA_OPTS:--Xmx512m} -Dquarkus.http.port=$1 -Dhibiki.node=$2 -Dhibiki.cluster.mode=$3 \
    -Dquarkus.redis.hosts=redis://127.0.0.1:$REDIS_PORT -Dhibiki.ticks.every=off -Dhibiki.presence.enabled=false \
    -Dhibiki.limits.max-connections-per-address=100000 -Dhibiki.limits.max-connections=100000 \
    -Dhibiki.persistence.enabled=false -Dquarkus.log.level=WARN ${HIBIKI_OPTS:-} -jar "$JAR" > "$OUT/$2.log" 2>&1 &
  pids+=($!)
  wait_port $1
}

bench() {
  local label=$1; shift
  echo "### $label"
  uptime | sed 's/^/# /'
  java -jar "$JAR" bench broadcast "$@" -d "$D" --warmup "$WARMUP" --label "$label" --json \
    --html "$OUT/$label.html" > "$OUT/$label.json" 2> "$OUT/$label.progress" || true
  python3 - "$OUT/$label.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
l = r["latencyMs"]
print(f"  received {r['received']}/{r['expected']}  lost {r['lost']}  delivered/s {r['throughputPerSecond']:.0f}"
      f"  p50 {l['p50']} ms  p99 {l['p99']} ms  max {l['max']} ms")
PY
}
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no > "$OUT/redis.log" 2>&1 &
pids+=($!)
wait_port $REDIS_PORT

# 1. Same-node against cross-node latency, one 2-node cluster.
node 18181 n1 redis
node 18182 n2 redis
sleep 2
bench same-node ws://127.0.0.1:18182/ws -c "$C" -r "$R"
bench cross-node ws://127.0.0.1:18182/ws --publish-url ws://127.0.0.1:18181/ws -c "$C" -r "$R"

# 2. Fan-out: the 2-node cluster with subscribers split, then one local-mode node.
bench fanout-2-nodes ws://127.0.0.1:18181/ws,ws://127.0.0.1:18182/ws -c "$FAN_C" -r "$FAN_R"
cleanup; pids=()
node 18183 single local
sleep 2
bench fanout-1-node ws://127.0.0.1:18183/ws -c "$FAN_C" -r "$FAN_R"
