#!/usr/bin/env bash
# Issue 16, the store's part: `winnow export --since` takes real dates only, and says which forms
# it takes (exit 2) instead of filtering by whatever it was given.
# Usage: tests/hardening_store_test.sh path/to/winnow
set -u

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/winnow" >&2
  exit 2
fi
winnow=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

tmp=$(mktemp -d /tmp/winnow-hardening-store-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run() {  # winnow arguments; sets rc, out, err
  timeout 60 "$winnow" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}

# One page in a store, changed today.
run clean --store "sqlite:$tmp/w.db" samples/site/world/north-korea-foreign-minister-moscow-talks.html
expect_exit "a store with one page" 0 "$rc"

# Not a date, not this form, or not on the calendar (2023 and 1900 are no leap years).
for since in 2024-13-45 2024/01/01 garbage 2023-02-29 1900-02-29 2024-04-31 2024-00-10 0000-01-01 \
             2024-1-1 20240101 "2024-01-01 10:00:00" 2024-01-01T10:00:00 2024-01-01T24:00:00Z \
             2024-01-01T10:60:00Z 2024-01-01T10:00:00+02:00 " 2024-01-01" -2024-01-01; do
  run export --store "sqlite:$tmp/w.db" --since "$since"
  expect_exit "export --since '$since': exit 2" 2 "$rc"
  expect_contains "export --since '$since': the value named" "$err" "--since '$since'"
  expect_contains "export --since '$since': the forms it takes" "$err" \
    "expected YYYY-MM-DD (a day, e.g. 2024-02-29) or YYYY-MM-DDTHH:MM:SSZ (a UTC time"
  expect_eq "export --since '$since': nothing on stdout" "" "$out"
done

# A usage error comes before the store is opened: exit 2 for a store that does not exist too.
run export --store "sqlite:$tmp/missing.db" --since 2024-13-45
expect_exit "export --since a bad date, store missing: still exit 2" 2 "$rc"

# Real days and times, leap days included.
for since in 2024-02-29 2000-02-29 2024-12-31 2024-01-01T00:00:00Z 1999-12-31T23:59:59Z; do
  run export --store "sqlite:$tmp/w.db" --since "$since"
  expect_exit "export --since $since: exit 0" 0 "$rc"
  expect_eq "export --since $since: the page" 1 "$(printf '%s\n' "$out" | grep -c '^{')"
done
for since in 2999-01-01 2999-01-01T00:00:00Z; do
  run export --store "sqlite:$tmp/w.db" --since "$since"
  expect_exit "export --since $since: exit 0" 0 "$rc"
  expect_eq "export --since $since (the future): nothing" "" "$out"
done

finish_tests hardening_store
