#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on a loopback port, for integration tests and benchmarks.
#   scripts/pg-test-cluster.sh start [port]   prints the admin URL on stdout
#   scripts/pg-test-cluster.sh stop  [port]
# The cluster lives in /tmp/portal-pg-<port> and runs as the `postgres` user when started by root.
set -euo pipefail
cmd=${1:?usage: pg-test-cluster.sh start|stop [port]}
port=${2:-55439}
dir=/tmp/portal-pg-$port
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    for bin in initdb pg_ctl; do
      command -v "$bin" >/dev/null || { echo "PostgreSQL server binaries not found ($bin). Install postgresql-15." >&2; exit 1; }
    done
    run pg_ctl -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    run initdb -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    run pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    run pg_ctl -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg-test-cluster.sh start|stop [port]" >&2; exit 2 ;;
esac
