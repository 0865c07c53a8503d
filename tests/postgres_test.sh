#!/usr/bin/env bash
# Runs the [postgres] tests of the store's test binary against a real, throwaway PostgreSQL
# server: a new cluster in a temporary folder, listening on 127.0.0.1 and a free port only.
# Usage: tests/postgres_test.sh path/to/winnow_store_tests [more Catch2 options]
set -euo pipefail

if [[ $# -lt 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/winnow_store_tests [Catch2 options]" >&2
  exit 2
fi
tests=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift

bin=""
for dir in /usr/lib/postgresql/*/bin; do
  [[ -x $dir/initdb && -x $dir/pg_ctl ]] && bin=$dir  # the glob sorts, so the newest wins
done
if [[ -z $bin ]]; then
  echo "postgres_test: no PostgreSQL server (initdb, pg_ctl) under /usr/lib/postgresql/*/bin;" \
       "install the Debian package postgresql (scripts/install-deps.sh does)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/winnow-pg-XXXXXX)
# initdb and postgres refuse to run as root: then the server runs as nobody, in a folder it owns.
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  chown nobody "$tmp"
  as_server=(runuser -u nobody --)
fi
server() { (cd "$tmp" && "${as_server[@]}" "$@"); }

started=""
cleanup() {
  if [[ -n $started ]]; then server "$bin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 40000))
}

server "$bin/initdb" -D "$tmp/data" -A trust -U winnow -E UTF8 --no-locale >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  echo "postgres_test: initdb failed" >&2
  exit 1
}
server mkdir "$tmp/socket"

# Another process may take the port between the probe and the start: try a few.
port=""
for attempt in 1 2 3 4 5; do
  candidate=$(free_port)
  # fsync off: this cluster is thrown away, and only client crashes are tested.
  if server "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $candidate -k $tmp/socket -c fsync=off" start >/dev/null; then
    port=$candidate
    started=1
    break
  fi
done
if [[ -z $port ]]; then
  cat "$tmp/server.log" >&2 || true
  echo "postgres_test: the PostgreSQL server did not start" >&2
  exit 1
fi

echo "postgres_test: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
status=0
WINNOW_TEST_PG_URI="postgresql://winnow@127.0.0.1:$port/postgres" "$tests" "[postgres]" --durations yes "$@" || status=$?
if [[ $status -ne 0 ]]; then
  echo "postgres_test: server log (last lines):" >&2
  tail -n 40 "$tmp/server.log" >&2 || true
fi
exit $status
