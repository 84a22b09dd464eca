#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the tests (never a mock).
#
#   pg_server.sh start DIR   initdb into a fresh folder, start on 127.0.0.1 at a
#                            free port and on a unix socket in that folder, create
#                            role and database `ecomdw`, write DIR/env
#   pg_server.sh stop DIR    pg_ctl stop, remove the folder and DIR/env
#
# DIR/env holds PGHOST, PGPORT, PGUSER, PGDATABASE (export lines) for tests to
# source. The server's data folder (also its socket folder) is a fresh
# mktemp folder, short enough for a unix socket path and owned by the
# server's OS user; DIR/data_dir names it. Its log is DIR/server.log. PostgreSQL refuses to run as root, so as root
# the server runs as Debian's `postgres` user (ECOMDW_PG_OS_USER overrides).
# On failure `start` prints the server log and exits non-zero: the tests that
# need it then fail with that log instead of skipping.
set -euo pipefail

PG_BIN=${ECOMDW_PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
[[ -n $cmd && -n $dir ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
dir=$(realpath -m "$dir")
log=$dir/server.log
data=$(cat "$dir/data_dir" 2>/dev/null || true)

as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "${ECOMDW_PG_OS_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  # Ask the kernel for an unused loopback port; the server binds it right after.
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

fail() {
  echo "pg_server: $*" >&2
  if [[ -f $log ]]; then echo "---- $log ----" >&2; tail -n 60 "$log" >&2; fi
  exit 1
}

start() {
  [[ -x $PG_BIN/initdb ]] || fail "no $PG_BIN/initdb: run scripts/setup.sh (installs postgresql-15)"
  if [[ -n $data ]]; then stop; fi
  mkdir -p "$dir"
  chmod 755 "$dir"
  : >"$log"
  data=$(mktemp -d "${TMPDIR:-/tmp}/ecomdw-pg.XXXXXX")
  echo "$data" >"$dir/data_dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown "${ECOMDW_PG_OS_USER:-postgres}" "$data" "$log"
  fi
  chmod 700 "$data"
  # The server's OS user must be able to reach DIR (temporary folders of root
  # are usually world-traversable; say so when not).
  as_server test -w "$data" || fail "the server user cannot write $data (check the permissions of its parents)"
  as_server "$PG_BIN/initdb" -D "$data" -U ecomdw --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >>"$log" 2>&1 || fail "initdb failed"
  local port tries=0
  while :; do
    port=$(free_port)
    # Small, fast, throw-away: no fsync, few connections, sockets only here.
    if as_server "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off \
       -c full_page_writes=off -c max_connections=40 -c shared_buffers=64MB \
       -c log_min_messages=warning -c log_min_error_statement=panic" >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    ((tries < 3)) || fail "pg_ctl start failed on port $port"
  done
  as_server "$PG_BIN/psql" -h "$data" -p "$port" -U ecomdw -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE ecomdw" >>"$log" 2>&1 || fail "CREATE DATABASE ecomdw failed"
  cat >"$dir/env" <<ENV
export PGHOST=127.0.0.1
export PGPORT=$port
export PGUSER=ecomdw
export PGDATABASE=ecomdw
export ECOMDW_PG_SOCKET_DIR=$data
ENV
  echo "pg_server: PostgreSQL 15 on 127.0.0.1:$port (socket in $data), env in $dir/env"
}

stop() {
  if [[ -n $data && -f $data/postmaster.pid ]]; then
    as_server "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      as_server "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [[ -n $data && $data == */ecomdw-pg.* ]] && rm -rf "$data"
  rm -f "$dir/env" "$dir/data_dir" "$log"
  rmdir "$dir" 2>/dev/null || true
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
