#!/usr/bin/env bash
# Fault tests (issues 11 and 16): a throwaway PostgreSQL cluster that the tests
# restart, and a Redis port that the tests start and stop themselves.
# Run by `make faults` and by CI, on PostgreSQL only.
set -euo pipefail
cd "$(dirname "$0")/../.."

export FAULTS_PG_PORT=${FAULTS_PG_PORT:-5448}
export FAULTS_REDIS_PORT=${FAULTS_REDIS_PORT:-6418}
export FAULTS_PG_BIN=${FAULTS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
export FAULTS_PG_DIR=$(mktemp -d /tmp/portal-faults-pg.XXXXXX)

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  redis-cli -p "$FAULTS_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  as_postgres "$FAULTS_PG_BIN/pg_ctl" -D "$FAULTS_PG_DIR" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$FAULTS_PG_DIR"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] && chown postgres "$FAULTS_PG_DIR"
as_postgres "$FAULTS_PG_BIN/initdb" -D "$FAULTS_PG_DIR" -U postgres --auth=trust >/dev/null
# Options in the configuration file, so that the tests' plain `pg_ctl start` keeps them.
cat >> "$FAULTS_PG_DIR/postgresql.conf" <<CONF
port = $FAULTS_PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
fsync = off
max_connections = 100
CONF
as_postgres "$FAULTS_PG_BIN/pg_ctl" -D "$FAULTS_PG_DIR" -l "$FAULTS_PG_DIR/log" -w start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$FAULTS_PG_PORT/portal"
export REDIS_URL="redis://127.0.0.1:$FAULTS_REDIS_PORT/0"
.venv/bin/python -m pytest -m faults -n 0 -q "${@:-tests/faults}"
