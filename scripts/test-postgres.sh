#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the tests and prints its URL.
# Usage: scripts/test-postgres.sh start|stop. Data lives in $LORE_PG_DIR (default /tmp/lore-test-pg).
set -euo pipefail
dir="${LORE_PG_DIR:-/tmp/lore-test-pg}"
port="${LORE_PG_PORT:-54329}"
run() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-start}" in
  start)
    if [ ! -s "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      run initdb -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! run pg_ctl -D "$dir" status >/dev/null 2>&1; then
      run pg_ctl -D "$dir" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=/tmp -c max_connections=200 -c fsync=off" start >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    run pg_ctl -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
