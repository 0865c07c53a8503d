# shellcheck shell=bash
# shellcheck disable=SC2034  # the THROWAWAY_PG_* variables are for the script that sources this one
# A throwaway PostgreSQL server for tests and benchmarks (sourced, bash): a new cluster in a
# temporary folder, listening on 127.0.0.1 and a free port only, removed when the shell exits.
#
#   source scripts/throwaway_postgres.sh
#   throwaway_postgres_start [SERVER OPTION...]   # e.g. -c fsync=off
#   ... "$THROWAWAY_PG_URI" ...                   # postgresql://winnow@127.0.0.1:PORT/postgres
#
# throwaway_postgres_start sets THROWAWAY_PG_URI, THROWAWAY_PG_VERSION and THROWAWAY_PG_LOG (the
# server's log) and installs an EXIT trap that stops the server and deletes the folder (it
# replaces any EXIT trap the caller had). It returns 3 when no PostgreSQL server is installed
# and 1 when one is but does not start; either way THROWAWAY_PG_ERROR says why.

throwaway_postgres_bin=""
throwaway_postgres_tmp=""
throwaway_postgres_as_server=()
throwaway_postgres_started=""

throwaway_postgres_server() { (cd "$throwaway_postgres_tmp" && "${throwaway_postgres_as_server[@]}" "$@"); }

throwaway_postgres_stop() {
  if [[ -n $throwaway_postgres_started ]]; then
    throwaway_postgres_server "$throwaway_postgres_bin/pg_ctl" -D "$throwaway_postgres_tmp/data" -m fast -w stop \
      >/dev/null 2>&1 || true
    throwaway_postgres_started=""
  fi
  if [[ -n $throwaway_postgres_tmp ]]; then rm -rf "$throwaway_postgres_tmp"; fi
  throwaway_postgres_tmp=""
}

throwaway_postgres_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 40000))
}

throwaway_postgres_start() {
  THROWAWAY_PG_URI=""
  THROWAWAY_PG_ERROR=""
  local dir
  throwaway_postgres_bin=""
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/initdb && -x $dir/pg_ctl ]] && throwaway_postgres_bin=$dir  # the glob sorts, so the newest wins
  done
  if [[ -z $throwaway_postgres_bin ]]; then
    THROWAWAY_PG_ERROR="no PostgreSQL server (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; install the Debian package postgresql (scripts/install-deps.sh --tests does)"
    return 3
  fi

  throwaway_postgres_tmp=$(mktemp -d /tmp/winnow-pg-XXXXXX)
  trap throwaway_postgres_stop EXIT
  THROWAWAY_PG_LOG=$throwaway_postgres_tmp/server.log
  # initdb and postgres refuse to run as root: then the server runs as nobody, in a folder it owns.
  throwaway_postgres_as_server=()
  if [[ $(id -u) -eq 0 ]]; then
    chown nobody "$throwaway_postgres_tmp"
    throwaway_postgres_as_server=(runuser -u nobody --)
  fi

  if ! throwaway_postgres_server "$throwaway_postgres_bin/initdb" -D "$throwaway_postgres_tmp/data" -A trust \
       -U winnow -E UTF8 --no-locale >"$throwaway_postgres_tmp/initdb.log" 2>&1; then
    cat "$throwaway_postgres_tmp/initdb.log" >&2
    THROWAWAY_PG_ERROR="initdb failed"
    return 1
  fi
  throwaway_postgres_server mkdir "$throwaway_postgres_tmp/socket"

  # Another process may take the port between the probe and the start: try a few.
  local port
  for _ in 1 2 3 4 5; do
    port=$(throwaway_postgres_free_port)
    if throwaway_postgres_server "$throwaway_postgres_bin/pg_ctl" -D "$throwaway_postgres_tmp/data" \
         -l "$THROWAWAY_PG_LOG" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $port -k $throwaway_postgres_tmp/socket $*" start >/dev/null; then
      throwaway_postgres_started=1
      THROWAWAY_PG_URI="postgresql://winnow@127.0.0.1:$port/postgres"
      THROWAWAY_PG_VERSION=$("$throwaway_postgres_bin/postgres" --version | awk '{print $3}')
      return 0
    fi
  done
  cat "$THROWAWAY_PG_LOG" >&2 || true
  THROWAWAY_PG_ERROR="the PostgreSQL server did not start"
  return 1
}
