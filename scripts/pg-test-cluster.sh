#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (and the scale bench): installs Debian's
# `postgresql` when its server binaries are missing, makes a cluster in a temporary folder
# with initdb (as the `postgres` user when run as root: initdb refuses root), starts it on a
# free port on 127.0.0.1 with trust auth, and prints the variables the tests read:
#
#   eval "$(bash scripts/pg-test-cluster.sh start)"    # YUSUAN_TEST_PG=postgres://…, …
#   bash scripts/pg-test-cluster.sh stop "$YUSUAN_TEST_PG_DATA"
#
# Only messages go to stderr; stdout carries the `export` lines alone.
set -euo pipefail

log() { printf 'pg-test-cluster: %s\n' "$*" >&2; }

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then dirname "$(command -v pg_ctl)"; return 0; fi
  return 1
}

# as_owner CMD…: run as the cluster's owner (postgres when we are root, else ourselves)
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local bin
  if ! bin=$(find_bin); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log 'PostgreSQL server binaries not found: installing Debian postgresql'
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
      bin=$(find_bin) || { log 'postgresql installed but no initdb/pg_ctl found'; exit 1; }
    else
      log 'no PostgreSQL server binaries (initdb, pg_ctl) and cannot install them (not root or no apt-get)'
      exit 1
    fi
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  local dir port
  dir=$(mktemp -d /tmp/yusuan-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  port=$(free_port)
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync off: a test cluster is thrown away, and durability across an OS crash is not tested
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir/data"
  echo "export YUSUAN_TEST_PG=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export YUSUAN_TEST_PG_DATA=$dir/data"
  echo "export YUSUAN_TEST_PG_BIN=$bin"
}

stop() {
  local data=${1:-${YUSUAN_TEST_PG_DATA:-}}
  [ -n "$data" ] && [ -d "$data" ] || { log "no cluster to stop at '${data}'"; return 0; }
  local bin
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$data" -m immediate -w stop >&2 || true
  rm -rf "$(dirname "$data")"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [DATA_DIR]" >&2; exit 2 ;;
esac
