#!/bin/bash
# Socket.IO: Hibiki (the packaged jar) against Node's socket.io 4.8 in the same run, both driven by
# the official socket.io-client 4 on WebSocket (gen.js). Reports the server's RSS and CPU time from
# /proc around each run, so figures are per connection and per delivery. Issue 12's targets:
# idle memory per connection <= Node's, broadcast CPU per delivery <= 0.5x Node's at
# 2,000 clients x 50 msg/s with every message delivered, echo-with-ack p99 < 5 ms at 5,000/s.
#
#   ./mvnw -B -ntp package -DskipTests                 # once
#   (cd bench/socketio && npm install)                 # once
#   bench/socketio/compare.sh idle 5000 0 10
#   bench/socketio/compare.sh broadcast 2000 50 10
#   bench/socketio/compare.sh echo 200 5000 10
#
# Arguments: scenario clients rate seconds. SERVERS ("hibiki node" by default), OUT (default
# target/bench), HIBIKI_JAVA_OPTS as in bench/compare.sh. The machine is shared: keep runs short.
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=$1 clients=$2 rate=$3 seconds=$4
OUT=${OUT:-target/bench}
SERVERS=${SERVERS:-"hibiki node"}
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -ntp package -DskipTests" >&2; exit 2; }
[ -d bench/socketio/node_modules ] || { echo "install first: (cd bench/socketio && npm install)" >&2; exit 2; }

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "server on port $1 did not start" >&2; return 1
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for server in $SERVERS; do
  case $server in
    hibiki)
      port=18081
      java ${HIBIKI_JAVA_OPTS:--XX:+UseSerialGC -Xmx512m -Xmn24m} -Dquarkus.http.port=$port -Dhibiki.ticks.every=off \
        -Dhibiki.presence.enabled=false -Dhibiki.limits.max-connections-per-address=100000 \
        -Dhibiki.limits.max-connections=100000 -Dhibiki.limits.rate-per-second=100000 -Dhibiki.limits.rate-burst=100000 \
        -Dhibiki.socketio.vocabularies.textarea=false -Dhibiki.socketio.vocabularies.hibiki=$([ "$scenario" = broadcast ] && echo false || echo true) \
        -Dquarkus.log.level=WARN -jar "$JAR" > "$OUT/sio-hibiki-server.log" 2>&1 &
      ;;
    node)
      port=18091
      node bench/socketio/server.js $port > "$OUT/sio-node-server.log" 2>&1 &
      ;;
    *) echo "unknown server $server" >&2; exit 2 ;;
  esac
  pid=$!
  wait_port $port
  sleep 1
  rss0=$(rss_kb $pid); cpu0=$(cpu_ticks $pid)
  result=$(node bench/socketio/gen.js "http://127.0.0.1:$port" "$scenario" "$clients" "$rate" "$seconds")
  rss1=$(rss_kb $pid); cpu1=$(cpu_ticks $pid)
  kill $pid; wait $pid 2>/dev/null || true
  tck=$(getconf CLK_TCK)
  echo "$result" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const [server, rss0, rss1, cpu0, cpu1, tck] = process.argv.slice(1).map((v, i) => i ? Number(v) : v);
    const cpuMs = ((cpu1 - cpu0) * 1000) / tck;
    r.server = server;
    r.rssDeltaKB = rss1 - rss0;
    r.kbPerConnection = r.connected ? +((rss1 - rss0) / r.connected).toFixed(2) : null;
    r.serverCpuMs = cpuMs;
    r.cpuUsPerDelivery = r.received ? +((cpuMs * 1000) / r.received).toFixed(3) : null;
    console.log(JSON.stringify(r));' "$server" "$rss0" "$rss1" "$cpu0" "$cpu1" "$tck" | tee -a "$OUT/socketio-$scenario.jsonl"
done
