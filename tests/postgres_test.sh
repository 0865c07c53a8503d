#!/usr/bin/env bash
# Runs the [postgres] tests of the store's test binary against a real, throwaway PostgreSQL
# server (scripts/throwaway_postgres.sh): a new cluster in a temporary folder, listening on
# 127.0.0.1 and a free port only.
# Usage: tests/postgres_test.sh path/to/winnow_store_tests [more Catch2 options]
set -euo pipefail

if [[ $# -lt 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/winnow_store_tests [Catch2 options]" >&2
  exit 2
fi
tests=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift

# shellcheck source=scripts/throwaway_postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/throwaway_postgres.sh"
# fsync off: this cluster is thrown away, and only client crashes are tested.
if ! throwaway_postgres_start -c fsync=off; then
  echo "postgres_test: $THROWAWAY_PG_ERROR" >&2
  exit 1
fi

echo "postgres_test: PostgreSQL $THROWAWAY_PG_VERSION on ${THROWAWAY_PG_URI#*@}"
status=0
WINNOW_TEST_PG_URI=$THROWAWAY_PG_URI "$tests" "[postgres]" --durations yes "$@" || status=$?
if [[ $status -ne 0 ]]; then
  echo "postgres_test: server log (last lines):" >&2
  tail -n 40 "$THROWAWAY_PG_LOG" >&2 || true
fi
exit $status
