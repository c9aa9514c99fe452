#!/bin/bash
# Runs one hibiki bench scenario against Hibiki (the packaged jar) and a plain Node `ws` server
# in the same run, each on its own port, with the server's pid passed for /proc figures.
#
#   ./mvnw -B -ntp package -DskipTests        # once, builds target/quarkus-app
#   bench/compare.sh echo -c 200 -r 5000 -d 10 --warmup 5
#   bench/compare.sh broadcast -c 2000 -r 50 -d 10 --warmup 5
#   bench/compare.sh idle -c 5000 -d 5
#
# Environment: HIBIKI_JAVA_OPTS (JVM options for the server, default the ones the container image
# ships: "-XX:+UseSerialGC -Xmx512m -Xmn24m", see docs/BENCHMARKS.md), HIBIKI_OPTS
# (extra -D options, e.g. -Dquarkus.websockets-next.server.per-message-compression-supported=true),
# SERVERS ("hibiki node-ws" by default), OUT (report directory, default target/bench), NICE (a
# niceness for servers and generator alike, e.g. -10 on a busy shared machine; needs root),
# HIBIKI_JAR (the server's jar, default the packaged one: point it at a copy of an older
# target/quarkus-app to compare two builds in the same run; the generator is always the packaged one).
# The machine is shared: keep runs short.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=$1; shift
OUT=${OUT:-target/bench}
SERVERS=${SERVERS:-"hibiki node-ws"}
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -ntp package -DskipTests" >&2; exit 2; }

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "server on port $1 did not start" >&2; return 1
}

for server in $SERVERS; do
  case $server in
    hibiki)
      port=18080
      # Quiet server: no ticks or presence notices, so only the scenario's frames are measured;
      # every connection comes from 127.0.0.1, so the per-address cap is lifted.
      nice -n "${NICE:-0}" java ${HIBIKI_JAVA_OPTS:--XX:+UseSerialGC -Xmx512m -Xmn24m} -Dquarkus.http.port=$port -Dhibiki.ticks.every=off \
        -Dhibiki.presence.enabled=false -Dhibiki.limits.max-connections-per-address=100000 \
        -Dhibiki.limits.max-connections=100000 -Dquarkus.log.level=WARN ${HIBIKI_OPTS:-} -jar "${HIBIKI_JAR:-$JAR}" > "$OUT/hibiki-server.log" 2>&1 &
      ;;
    node-ws)
      port=18090
      nice -n "${NICE:-0}" bench/node-ws/run.sh $port > "$OUT/node-ws-server.log" 2>&1 &
      ;;
    *) echo "unknown server $server" >&2; exit 2 ;;
  esac
  launcher=$!
  wait_port $port
  # run.sh execs node, java is the process itself: the launcher pid is the server pid.
  pid=$launcher
  sleep 1
  echo "### $server (pid $pid, port $port)"
  uptime | sed 's/^/# /'
  nice -n "${NICE:-0}" java -jar "$JAR" bench "$scenario" ws://127.0.0.1:$port/ws --server-pid "$pid" --label "$server" \
    --html "$OUT/$scenario-$server.html" "$@" | tee "$OUT/$scenario-$server.txt" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
