#!/usr/bin/env bash
# A crawl of the demo site (samples/site, served by tests/site_server) checked for leaks: under
# valgrind in the optimized build, under LeakSanitizer in the AddressSanitizer build (valgrind
# cannot run a sanitized binary). Both count every byte still allocated at exit that nothing
# points to.
# Usage: tests/leak_test.sh path/to/winnow path/to/site_server
set -u

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_winnow_and_site_server "$@"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tmp=$(mktemp -d /tmp/winnow-leak-XXXXXX)
server=""
cleanup() {
  [[ -n $server ]] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
  rm -rf "$tmp"
}
trap cleanup EXIT

cp -r "$repo/samples/site" "$tmp/site"
"$site_server" --root "$tmp/site" >"$tmp/origin" 2>"$tmp/server.err" &
server=$!
for _ in $(seq 1 100); do [[ -s $tmp/origin ]] && break; sleep 0.1; done
origin=$(head -n 1 "$tmp/origin")
cat >"$tmp/demo.toml" <<EOF
store = "sqlite:$tmp/demo.db"
warc = "$tmp/demo.warc.gz"
allow_private_addresses = true
seeds = ["$origin/"]
[politeness]
delay = 0
# valgrind runs the cleaner some 30 times slower: a page over the 2 s budget would be given up
# (22 articles instead of 23, once, on a busy machine), and the budget is not what is tested here.
[clean]
time_budget = 0
EOF

sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }

# GCC links the sanitizer runtime as a shared library, clang into the binary: look for its entry.
if grep -qa __asan_init "$winnow"; then
  # LeakSanitizer runs at exit; with abort_on_error it would hide its report behind a signal.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 timeout 600 "$winnow" crawl "$tmp/demo.toml" --once \
    >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_eq "LeakSanitizer: the crawl ends as it should (exit 1: the site has broken links)" 1 "$rc"
  expect_not_contains "LeakSanitizer: no leak reported" "$(cat "$tmp/err")" "LeakSanitizer"
else
  if ! command -v valgrind >/dev/null; then
    fail "valgrind is installed" "install the Debian package valgrind (scripts/install-deps.sh --tests does)"
    finish_tests leak
    exit
  fi
  # Reachable blocks are libraries' caches (libcurl, libxml2, ICU) kept for the process's life.
  timeout 1200 valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$tmp/valgrind.log" \
    "$winnow" crawl "$tmp/demo.toml" --once >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_eq "valgrind: no memory error or leak, and the crawl ends as it should (exit 1: broken links)" 1 "$rc"
  expect_not_contains "valgrind: nothing definitely lost" "$(cat "$tmp/valgrind.log")" "definitely lost"
  [[ $rc -ne 1 ]] && tail -n 40 "$tmp/valgrind.log"
fi
expect_ge "the crawl stored the demo site's articles" 23 "$(sql "$tmp/demo.db" "SELECT count(*) FROM pages WHERE is_article = 1")"

finish_tests leak
