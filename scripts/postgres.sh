#!/usr/bin/env bash
# A throwaway PostgreSQL for the workshop store's tests and benchmarks (Debian's package, local port only).
#
#   eval "$(scripts/postgres.sh start)"   # installs if missing, starts, prints: export KUNTALUOTAIN_PG_URL=...
#   scripts/postgres.sh url               # the URL of the running cluster
#   scripts/postgres.sh status
#   scripts/postgres.sh stop              # stops it and deletes its data directory
#
# Idempotent: a second start reuses the running cluster. Trust authentication on 127.0.0.1 only:
# this is a test server in a temp directory, never a production set-up.
set -euo pipefail

DIR="${KUNTALUOTAIN_PG_DIR:-/tmp/kuntaluotain-pg}"
DATA="$DIR/data"
DB="${KUNTALUOTAIN_PG_DB:-kuntaluotain}"
LOG="$DIR/server.log"
PORT_FILE="$DIR/port"

log() { echo "postgres.sh: $*" >&2; }

# Only ever delete a directory this script made (a cluster's or an empty one), whatever DIR was set to.
wipe() {
  if [[ -e "$DIR" && ! -f "$PORT_FILE" && ! -f "$DATA/PG_VERSION" && -n "$(ls -A "$DIR" 2>/dev/null)" ]]; then
    log "refusing to delete $DIR: it is not a cluster made by this script"
    exit 1
  fi
  rm -rf "$DIR"
}

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$found" || ! -x "$found/initdb" ]]; then
    return 1
  fi
  echo "$found"
}

install_if_missing() {
  if bindir >/dev/null; then
    return
  fi
  if [[ $(id -u) -ne 0 ]]; then
    log "PostgreSQL is not installed and installing it needs root: apt-get install -y postgresql"
    exit 1
  fi
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y postgresql >&2 || { apt-get update >&2 && apt-get install -y postgresql >&2; }
}

# Run as the cluster's owner: the server refuses to run as root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

owner() {
  if [[ $(id -u) -eq 0 ]]; then echo postgres; else id -un; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url() {
  echo "postgresql+psycopg://$(owner)@127.0.0.1:$(cat "$PORT_FILE")/$DB"
}

running() {
  local bin
  bin=$(bindir) || return 1
  [[ -f "$PORT_FILE" && -f "$DATA/PG_VERSION" ]] || return 1
  # Accepting connections, not just a pid file: a killed server can leave a pid that still looks alive.
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$(cat "$PORT_FILE")" -t 5
}

start() {
  install_if_missing
  local bin port
  bin=$(bindir)
  if running; then
    log "already running on port $(cat "$PORT_FILE")"
  else
    # Not running: whatever is left (a killed session's cluster, a stale pid file) is thrown away.
    if [[ -f "$DATA/PG_VERSION" ]]; then
      (cd / && as_owner "$bin/pg_ctl" -D "$DATA" -m immediate -w -t 10 stop >/dev/null 2>&1) || true
    fi
    wipe
    mkdir -p "$DIR"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DIR"; fi
    (cd / && as_owner "$bin/initdb" -D "$DATA" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null)
    port=$(free_port)
    echo "$port" >"$PORT_FILE"
    (cd / && as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >&2)
    log "started on 127.0.0.1:$port (data $DATA)"
  fi
  port=$(cat "$PORT_FILE")
  if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" "$DB"
    log "created database $DB"
  fi
  echo "export KUNTALUOTAIN_PG_URL=$(url)"
}

stop() {
  local bin
  if bin=$(bindir) && [[ -f "$DATA/PG_VERSION" ]]; then
    as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
  wipe
  log "stopped and removed $DIR"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) running && url || { log "not running"; exit 1; } ;;
  status) if running; then log "running: $(url)"; else log "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
