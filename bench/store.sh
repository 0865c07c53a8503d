#!/usr/bin/env bash
# Store benchmark: records per second into each sink (bench/store_bench.cc), the sink's own work
# only (building the records is not timed). Target (issue 6): >= 20 000 records/s into SQLite,
# >= 10 000 into PostgreSQL.
#
# PostgreSQL is measured against PG_URI when it is set, else against a throwaway server
# (scripts/throwaway_postgres.sh: default settings, fsync on) when one is installed.
#
# Environment:
#   BUILD_DIR   build folder (default: build-bench)
#   RECORDS     records per sink (default 100000; the dir sink gets a tenth: two fsynced files each)
#   PG_URI      measure this PostgreSQL store (postgresql://...) instead of a throwaway server
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$repo/build-bench}
records=${RECORDS:-100000}
out=$repo/bench/out/store
mkdir -p "$out"
# shellcheck source=bench/common.sh
source "$repo/bench/common.sh"
# shellcheck source=scripts/throwaway_postgres.sh
source "$repo/scripts/throwaway_postgres.sh"
configure_build
cmake --build "$build" --target store_bench -j2 >"$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; exit 2; }
bench=$build/bench/store_bench
rm -rf "$out/w.db"* "$out/w.jsonl" "$out/dir"
"$bench" "sqlite:$out/w.db" "$records" 1000
"$bench" "jsonl:$out/w.jsonl" "$records" 1000
"$bench" "dir:$out/dir" $((records / 10)) 1000
if [[ -n ${PG_URI:-} ]]; then
  "$bench" "$PG_URI" "$records" 1000
else
  pg_status=0
  # shellcheck disable=SC2119  # no server options: the defaults are what is measured
  throwaway_postgres_start || pg_status=$?  # default settings: fsync stays on
  if [[ $pg_status -eq 3 ]]; then
    echo "PostgreSQL skipped: $THROWAWAY_PG_ERROR"
  elif [[ $pg_status -ne 0 ]]; then
    echo "store.sh: $THROWAWAY_PG_ERROR" >&2
    exit 1
  else
    echo "PostgreSQL $THROWAWAY_PG_VERSION: a throwaway server on ${THROWAWAY_PG_URI#*@}"
    "$bench" "$THROWAWAY_PG_URI" "$records" 1000
  fi
fi
