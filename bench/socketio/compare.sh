#!/bin/bash
# Socket.IO: Hibiki against Node's socket.io 4.8 in the same run, both driven by the official
# socket.io-client 4 on WebSocket (gen.js), which reads each server's RSS and CPU time from /proc
# around each pass, so figures are per connection and per delivery. Issue 12's targets: idle memory
# per connection <= Node's, broadcast CPU per delivery <= 0.5x Node's at 2,000 clients x 50 msg/s
# with every message delivered, echo-with-ack p99 < 5 ms at 5,000/s.
#
#   ./mvnw -B -ntp package -DskipTests                 # once
#   (cd bench/socketio && npm install)                 # once
#   bench/socketio/compare.sh idle 5000 0 10
#   bench/socketio/compare.sh broadcast 2000 50 10
#   bench/socketio/compare.sh echo 200 5000 10
#
# Arguments: scenario clients rate seconds [warm-up seconds, default 5: a first pass of the same
# load that is not counted; for echo it is reported as `cold` beside the counted `warm`].
# Servers (SERVERS, default "hibiki node"):
#   hibiki        the shipped defaults, started as README starts it (target/quarkus-app/hibiki, its
#                 JVM settings): presence, ticks, every vocabulary (a broadcast also goes out as the
#                 `broadcast` event), rate limits and logging as a user gets them. Only the
#                 per-address connection cap is lifted (every test connection comes from 127.0.0.1)
#                 and the port set.
#   hibiki-tuned  a labelled extra row, how the earlier figures in docs/BENCHMARKS.md were taken:
#                 presence and ticks off, rate limits and the connection cap lifted, the textarea
#                 vocabulary off (and Hibiki's own for broadcast, so one event per delivery as Node
#                 sends), logging at WARN.
#   node          bench/socketio/server.js, the peer.
# Environment: HIBIKI_JAVA_OPTS (extra JVM options after the launcher's; says so in the label),
# HIBIKI_OPTS (extra -D options, also in the label), OUT (report directory, default target/bench).
# The machine is shared: keep runs short.
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=$1 clients=$2 rate=$3 seconds=$4 warmup=${5:-5}
OUT=${OUT:-target/bench}
SERVERS=${SERVERS:-"hibiki node"}
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
APP=target/quarkus-app
[ -x "$APP/hibiki" ] || { echo "build first: ./mvnw -B -ntp package -DskipTests" >&2; exit 2; }
[ -d bench/socketio/node_modules ] || { echo "install first: (cd bench/socketio && npm install)" >&2; exit 2; }

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "server on port $1 did not start" >&2; return 1
}

for server in $SERVERS; do
  label=$server
  case $server in
    hibiki|hibiki-tuned)
      port=18081
      tuned=""
      if [ "$server" = hibiki-tuned ]; then
        tuned="-Dhibiki.ticks.every=off -Dhibiki.presence.enabled=false -Dhibiki.limits.max-connections=100000 \
          -Dhibiki.limits.rate-per-second=100000 -Dhibiki.limits.rate-burst=100000 -Dhibiki.socketio.vocabularies.textarea=false \
          -Dhibiki.socketio.vocabularies.hibiki=$([ "$scenario" = broadcast ] && echo false || echo true) -Dquarkus.log.level=WARN"
      fi
      [ -n "${HIBIKI_JAVA_OPTS:-}${HIBIKI_OPTS:-}" ] && label="$server ${HIBIKI_JAVA_OPTS:-} ${HIBIKI_OPTS:-}"
      # shellcheck disable=SC2086
      JAVA_OPTS="${HIBIKI_JAVA_OPTS:-} -Dquarkus.http.port=$port -Dhibiki.limits.max-connections-per-address=100000 $tuned ${HIBIKI_OPTS:-}" \
        "$APP/hibiki" > "$OUT/sio-$server-server.log" 2>&1 &
      ;;
    node)
      port=18091
      node bench/socketio/server.js $port > "$OUT/sio-node-server.log" 2>&1 &
      ;;
    *) echo "unknown server $server" >&2; exit 2 ;;
  esac
  # The launcher execs java, so its pid is the server's.
  pid=$!
  wait_port $port
  sleep 1
  node bench/socketio/gen.js "http://127.0.0.1:$port" "$scenario" "$clients" "$rate" "$seconds" "$warmup" "$pid" \
    | node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
      console.log(JSON.stringify({ server: process.argv[1], ...r }));' "$label" | tee -a "$OUT/socketio-$scenario.jsonl"
  kill $pid; wait $pid 2>/dev/null || true
done
