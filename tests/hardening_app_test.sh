#!/usr/bin/env bash
# Issue 16's app side against tests/site_server on 127.0.0.1: a page stuck in the cleaner stalls
# neither the commits nor a stop (WINNOW_TEST_SLOW_CLEAN makes one slow on purpose); an
# interrupted `fetch --store` keeps what it cleaned; sitemaps and feeds have a budget of their
# own; `--dry-run` checks the WARC path; a crawl's name has a length limit.
# Usage: tests/hardening_app_test.sh path/to/winnow path/to/site_server
set -u

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_winnow_and_site_server "$@"

tmp=$(mktemp -d /tmp/winnow-hardening-app-XXXXXX)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

sql() { python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$@" 2>/dev/null || echo 0; }
requests() {  # LOG REGEX: how many requests for paths matching REGEX the server saw
  awk -v p="$2" '$4 ~ p' "$1" | wc -l
}
now_ms() { date +%s%3N; }
# Runs a command with SIGINT at its default, as a terminal's Ctrl-C finds it: bash starts
# background commands with SIGINT ignored (and a shell started in the background passes that on),
# which would hide what a Ctrl-C does to a command that does not handle it.
# (An array, not a function: a function run in the background is a subshell, whose pid $! is.)
with_default_sigint=(python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])')


# wait_for DB SQL MINIMUM SECONDS: polls the store from this process until SQL gives MINIMUM.
wait_for() {
  local end=$((SECONDS + $4))
  while ((SECONDS < end)); do
    [[ $(sql "$1" "$2") -ge $3 ]] && return 0
    sleep 0.2
  done
  return 1
}

# stop_within PID SIGNAL SECONDS: sends SIGNAL, waits up to SECONDS for PID to end; sets
# stop_rc (its exit code, or "still running") and stop_ms. A process still running then is killed.
stop_within() {
  local pid=$1 start
  start=$(now_ms)
  kill "-$2" "$pid"
  for _ in $(seq 1 $(($3 * 20))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  stop_ms=$(($(now_ms) - start))
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null
    stop_rc="still running"
  else
    wait "$pid"
    stop_rc=$?
  fi
}

# --- a page stuck in the cleaner for 60 s ------------------------------------------------------
# 30 articles, a home page and a section front; the clean of article 7 takes 60 s more.
start_server site --generate 30 --links 3
stuck='/articles/7.html'
articles="SELECT count(*) FROM pages WHERE url LIKE '%/articles/%'"
for signal in INT TERM; do
  db="$tmp/stuck-$signal.db"
  {
    echo "store = \"sqlite:$db\""
    echo "allow_private_addresses = true"
    echo "seeds = [\"$origin_site/\"]"
    echo "sitemaps_from_robots = false"
    echo "[politeness]"
    echo "delay = 0"
  } >"$tmp/stuck.toml"
  WINNOW_TEST_SLOW_CLEAN="$stuck:60" "${with_default_sigint[@]}" "$winnow" -v crawl "$tmp/stuck.toml" --once \
    --summary-json "$tmp/stuck-$signal.json" >"$tmp/stuck.out" 2>"$tmp/stuck.err" &
  crawler=$!
  # The other 29 articles are committed while article 7 is still being cleaned, as another
  # process (this one) sees them.
  if wait_for "$db" "$articles" 29 30 && kill -0 "$crawler" 2>/dev/null; then
    echo "# SIG$signal run: 29 articles committed after $SECONDS s of the script"
    pass "stuck clean, SIG$signal run: the 29 other articles committed while the crawl runs"
  else
    fail "stuck clean, SIG$signal run: the 29 other articles committed while the crawl runs" \
      "$(sql "$db" "$articles") committed after 30 s"
  fi
  stop_within "$crawler" "$signal" 10
  echo "# SIG$signal with a page stuck in the cleaner: ended after $stop_ms ms"
  expect_eq "stuck clean: SIG$signal ends the crawl with exit 0" 0 "$stop_rc"
  if [[ $stop_ms -le 5000 ]]; then pass "stuck clean: SIG$signal ends the crawl within 5 s"; else
    fail "stuck clean: SIG$signal ends the crawl within 5 s" "took $stop_ms ms"; fi
  # -v: the summary line on stderr without a terminal.
  expect_contains "stuck clean: SIG$signal summary says interrupted" "$(cat "$tmp/stuck.err")" "(interrupted)"
  expect_eq "stuck clean: SIG$signal JSON summary says interrupted" True \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["interrupted"])' "$tmp/stuck-$signal.json" 2>&1)"
  expect_eq "stuck clean: SIG$signal keeps the 29 articles" 29 "$(sql "$db" "$articles")"
  expect_eq "stuck clean: SIG$signal stored nothing of the stuck page" 0 \
    "$(sql "$db" "SELECT count(*) FROM pages WHERE url LIKE '%$stuck'")"
  expect_eq "stuck clean: SIG$signal left nothing leased (the stuck page is due again)" 0 \
    "$(sql "$db" "SELECT count(*) FROM frontier WHERE state = 1")"
  expect_eq "stuck clean: SIG$signal database sound" ok "$(sql "$db" "PRAGMA integrity_check")"
done

# --- fetch --store, interrupted --------------------------------------------------------------
# 40 pages served 1 s each, 4 at a time: SIGINT after 3 s, mid-run.
start_server slow --generate 40 --delay-ms 1000
# wait_for_responses SERVER N: until SERVER has answered N more requests than when the command
# before it started, then 0.5 s more for their cleans. A fixed sleep sent the signal before a
# command on a busy machine had even started (killed by SIGTERM's default action, or SIGINT
# ignored as in any background job), and nothing was stored.
responses_before=0
mark_responses() { responses_before=$(wc -l <"$tmp/$1.log"); }
wait_for_responses() {
  for _ in $(seq 1 600); do
    (($(wc -l <"$tmp/$1.log") >= responses_before + $2)) && break
    sleep 0.1
  done
  sleep 0.5
}
for n in $(seq 0 39); do echo "$origin_slow/articles/$n.html"; done >"$tmp/urls.txt"
fetch_args=(fetch --list "$tmp/urls.txt" --allow-private --no-robots --concurrency 4 --per-host 4 --delay 0)
mark_responses slow
"${with_default_sigint[@]}" "$winnow" "${fetch_args[@]}" --store "sqlite:$tmp/fetch.db" >"$tmp/fetch.out" 2>"$tmp/fetch.err" &
fetcher=$!
wait_for_responses slow 8
stop_within "$fetcher" INT 10
echo "# SIGINT of fetch --store after 8 pages: ended after $stop_ms ms"
expect_eq "fetch --store, SIGINT: exit 0, as an interrupted crawl" 0 "$stop_rc"
if [[ $stop_ms -le 5000 ]]; then pass "fetch --store, SIGINT: ends within 5 s"; else
  fail "fetch --store, SIGINT: ends within 5 s" "took $stop_ms ms"; fi
expect_contains "fetch --store, SIGINT: summary (on stderr) says interrupted" "$(cat "$tmp/fetch.err")" "(interrupted: "
expect_eq "fetch --store, SIGINT: nothing on stdout" "" "$(cat "$tmp/fetch.out")"
expect_ge "fetch --store, SIGINT: the pages cleaned before it are stored" 4 "$(sql "$tmp/fetch.db" "SELECT count(*) FROM pages")"

# The same with one page stuck in the cleaner: the others are committed, the run still ends.
mark_responses slow
WINNOW_TEST_SLOW_CLEAN="/articles/1.html:60" "${with_default_sigint[@]}" "$winnow" "${fetch_args[@]}" --store "sqlite:$tmp/fetch2.db" \
  >"$tmp/fetch2.out" 2>"$tmp/fetch2.err" &
fetcher=$!
wait_for_responses slow 6
stop_within "$fetcher" TERM 10
echo "# SIGTERM of fetch --store with a page stuck in the cleaner: ended after $stop_ms ms"
expect_eq "fetch --store, stuck clean, SIGTERM: exit 0" 0 "$stop_rc"
if [[ $stop_ms -le 5000 ]]; then pass "fetch --store, stuck clean, SIGTERM: ends within 5 s"; else
  fail "fetch --store, stuck clean, SIGTERM: ends within 5 s" "took $stop_ms ms"; fi
expect_ge "fetch --store, stuck clean, SIGTERM: the other pages are stored" 3 "$(sql "$tmp/fetch2.db" "SELECT count(*) FROM pages")"
expect_eq "fetch --store, stuck clean, SIGTERM: not the stuck one" 0 \
  "$(sql "$tmp/fetch2.db" "SELECT count(*) FROM pages WHERE url LIKE '%/articles/1.html'")"

# Every page fetched, one still being cleaned: SIGINT still ends the run.
head -n 2 "$tmp/urls.txt" >"$tmp/two-urls.txt"
mark_responses slow
WINNOW_TEST_SLOW_CLEAN="/articles/1.html:60" "${with_default_sigint[@]}" "$winnow" fetch --list "$tmp/two-urls.txt" \
  --allow-private --no-robots --delay 0 --store "sqlite:$tmp/fetch3.db" >"$tmp/fetch3.out" 2>"$tmp/fetch3.err" &
fetcher=$!
wait_for_responses slow 2  # both fetched, the first cleaned, nothing committed yet (fetch commits 500 at a time)
stop_within "$fetcher" INT 10
echo "# SIGINT of fetch --store waiting for its last, stuck clean: ended after $stop_ms ms"
expect_eq "fetch --store, last clean stuck, SIGINT: exit 0" 0 "$stop_rc"
if [[ $stop_ms -le 5000 ]]; then pass "fetch --store, last clean stuck, SIGINT: ends within 5 s"; else
  fail "fetch --store, last clean stuck, SIGINT: ends within 5 s" "took $stop_ms ms"; fi
expect_eq "fetch --store, last clean stuck, SIGINT: the other page stored" 1 "$(sql "$tmp/fetch3.db" "SELECT count(*) FROM pages")"

# The same to stdout: the page after the stuck one is printed all the same (it waited for it).
WINNOW_TEST_SLOW_CLEAN="/articles/0.html:60" "${with_default_sigint[@]}" "$winnow" fetch --list "$tmp/two-urls.txt" \
  --allow-private --no-robots --delay 0 --format json >"$tmp/fetch4.out" 2>"$tmp/fetch4.err" &
fetcher=$!
sleep 3  # both fetched (1 s each), the second cleaned and held back behind the first, stuck
stop_within "$fetcher" INT 10
echo "# SIGINT of fetch to stdout with its first page stuck in the cleaner: ended after $stop_ms ms"
expect_eq "fetch to stdout, first clean stuck, SIGINT: exit 0" 0 "$stop_rc"
expect_eq "fetch to stdout, first clean stuck, SIGINT: the second page printed" 1 \
  "$(grep -c '/articles/1.html' "$tmp/fetch4.out")"
expect_eq "fetch to stdout, first clean stuck, SIGINT: not the stuck one" 0 "$(grep -c '/articles/0.html' "$tmp/fetch4.out")"

# --- sitemaps and feeds have a budget of their own --------------------------------------------
# A sitemap index of 300 sitemaps of one page each; 30 pages and 20 listings a run.
start_server index --generate 300 --urls-per-sitemap 1
{
  echo "store = \"sqlite:$tmp/index.db\""
  echo "allow_private_addresses = true"
  echo "sitemaps = [\"$origin_index/sitemap.xml\"]"
  echo "[scope]"
  echo "max_pages_per_run = 30"
  echo "max_listings_per_run = 20"
  echo "follow_links = false"
  echo "[politeness]"
  echo "delay = 0"
} >"$tmp/index.toml"
timeout 120 "$winnow" crawl "$tmp/index.toml" --once --summary-json "$tmp/index.json" >"$tmp/out" 2>"$tmp/err"
expect_exit "sitemap index of 300: exit 0" 0 $?
expect_eq "sitemap index of 300: 20 sitemaps fetched (max_listings_per_run)" 20 "$(requests "$tmp/index.log" '^/sitemap')"
expect_eq "sitemap index of 300: the other 281 (19 of 300 read, and the index) wait for the next run" 281 \
  "$(sql "$tmp/index.db" "SELECT count(*) FROM frontier WHERE kind = 2 AND state = 0 AND last_fetched IS NULL")"

# --- --dry-run checks the WARC path; a crawl name has a length limit ---------------------------
dry() {  # WARC-PATH: a dry run of a config that archives there; sets rc and err
  printf 'store = "sqlite:%s"\nseeds = ["https://example.com/"]\nwarc = "%s"\n' "$tmp/dry.db" "$1" >"$tmp/dry.toml"
  "$winnow" crawl "$tmp/dry.toml" --dry-run >"$tmp/out" 2>"$tmp/err"
  rc=$?
  err=$(cat "$tmp/err")
}
dry "$tmp/no-such-folder/crawl.warc.gz"
expect_exit "--dry-run, WARC in a missing folder: exit 2" 2 "$rc"
expect_contains "--dry-run, WARC in a missing folder: names the path" "$err" "$tmp/no-such-folder/crawl.warc.gz"
mkdir "$tmp/a-folder"
dry "$tmp/a-folder"
expect_exit "--dry-run, WARC path is a folder: exit 2" 2 "$rc"
expect_contains "--dry-run, WARC path is a folder: says so" "$err" "is a folder"
dry "$tmp/crawl.warc.gz"
expect_exit "--dry-run, WARC path writable: exit 0" 0 "$rc"
[[ -e $tmp/crawl.warc.gz ]] && fail "--dry-run creates no WARC file" || pass "--dry-run creates no WARC file"

printf 'seeds = ["https://example.com/"]\nname = "%s"\n' "$(printf 'n%.0s' $(seq 101))" >"$tmp/long.toml"
"$winnow" crawl "$tmp/long.toml" --dry-run >"$tmp/out" 2>"$tmp/err"
expect_exit "a 101-character name: exit 2" 2 $?
expect_contains "a 101-character name: the config line" "$(cat "$tmp/err")" "long.toml:2:"
expect_contains "a 101-character name: the limit" "$(cat "$tmp/err")" "at most 100"

finish_tests hardening_app
