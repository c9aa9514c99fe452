#!/bin/sh
# Installs the `ws` package from npm on first use (node_modules is not committed) and starts
# the peer server. Usage: bench/node-ws/run.sh [port]
set -e
cd "$(dirname "$0")"
[ -d node_modules/ws ] || npm install --no-audit --no-fund --loglevel=error
exec node server.js "$@"
