#!/usr/bin/env bash
# A PostgreSQL server for scaled mode on one machine (docs/scale-out.md), the
# tests and the benchmark, in a folder of its own, on loopback only:
#   server/scale/postgres.sh start DIR PORT   prints the connection string
#   server/scale/postgres.sh stop DIR
#   server/scale/postgres.sh restart DIR      (a fast stop, then start: what a crash-restart looks like to clients)
# PostgreSQL refuses to run as root, and CI runs as root: then the server
# runs as the unprivileged user `nobody`, owning DIR.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "postgres.sh: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
cmd=$1 dir=$2
case "$cmd" in
  start)
    port=$3
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown nobody "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U assent -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
      # Tuned for tests on a small machine; durability as in production (fsync on).
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 256MB
synchronous_commit = on
CONF
    fi
    # Left running by a run that was interrupted: used as it is.
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    fi
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U assent assent 2>/dev/null || true
    echo "postgresql://assent@127.0.0.1:$port/assent"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -t 60 restart >/dev/null
    ;;
  *) echo "usage: postgres.sh start DIR PORT | stop DIR | restart DIR" >&2; exit 2 ;;
esac
