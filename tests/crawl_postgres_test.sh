#!/usr/bin/env bash
# Several `winnow crawl` workers sharing one frontier in PostgreSQL: three processes crawl a
# generated 500-page site spread over six origins (tests/site_server) into a throwaway server
# (scripts/throwaway_postgres.sh). One of them is killed with SIGKILL midway. What the site
# saw comes from its request log: per-origin limits across workers, and nothing fetched again
# that was stored before the kill.
# Usage: tests/crawl_postgres_test.sh path/to/winnow path/to/site_server
set -u

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_winnow_and_site_server "$@"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# shellcheck source=scripts/throwaway_postgres.sh
source "$here/../scripts/throwaway_postgres.sh"
if ! throwaway_postgres_start -c fsync=off; then
  echo "crawl_postgres_test: $THROWAWAY_PG_ERROR" >&2
  exit 1
fi
pg=$THROWAWAY_PG_URI
echo "crawl_postgres_test: PostgreSQL $THROWAWAY_PG_VERSION on ${pg#*@}"

tmp=$(mktemp -d /tmp/winnow-crawl-pg-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
  throwaway_postgres_stop
}
trap cleanup EXIT

psql_value() { "$throwaway_postgres_bin/psql" "$pg" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
summary() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2" 2>/dev/null; }
pages() { psql_value "SELECT count(*) FROM pages" 2>/dev/null || echo 0; }

# --- the site: 500 articles over six origins, each answer held 150 ms -------------------------
# At most 12 requests in flight over the three workers, so the crawl takes 6 s or more however
# fast the machine: b is killed while it holds leases, not after it ran out of work.
"$site_server" --generate 500 --hosts 6 --links 4 --delay-ms 150 --log "$tmp/site.log" >"$tmp/origins" 2>"$tmp/site.err" &
pids+=($!)
for _ in $(seq 1 100); do [[ $(wc -l <"$tmp/origins") -ge 6 ]] && break; sleep 0.1; done
mapfile -t origins <"$tmp/origins"
expect_eq "the site listens on six origins" 6 "${#origins[@]}"
sitemaps=""
for origin in "${origins[@]}"; do sitemaps+="${sitemaps:+, }\"$origin/sitemap.xml\""; done

# Two requests at once per origin, four per worker: each worker holds two hosts at a time. A
# lease of 8 s: a dead worker's URLs and hosts come back after that.
cat >"$tmp/crawl.toml" <<EOF
name = "shared"
store = "$pg"
allow_private_addresses = true
sitemaps = [$sitemaps]
[politeness]
concurrency = 4
per_host = 2
delay = 0
[recrawl]
lease = "8s"
EOF

start_worker() {  # NAME
  "$winnow" crawl "$tmp/crawl.toml" --once --worker "$1" --summary-json "$tmp/$1.json" >"$tmp/$1.out" 2>"$tmp/$1.err" &
  pids+=($!)
  printf -v "pid_$1" '%s' "$!"
}
start_worker a
start_worker b
start_worker c

# Worker b is killed with URLs leased, once a part of the site is stored.
b_leased=0
for _ in $(seq 1 600); do
  if [[ $(pages) -ge 60 ]]; then
    b_leased=$(psql_value "SELECT count(*) FROM frontier WHERE state = 1 AND lease_owner = 'b'" 2>/dev/null || echo 0)
    [[ $b_leased -gt 0 ]] && break
  fi
  sleep 0.05
done
kill -KILL "$pid_b"
wait "$pid_b" 2>/dev/null
# The pages stored first, then the request log's length: a page a or c stored between the two
# was fetched (logged) before the list was taken, so before the line counted. (Counted the other
# way round, such a page looked fetched again after the kill: 4 of them once on a busy machine.)
stored_before=$(pages)
psql_value "SELECT substr(url, strpos(substr(url, 8), '/') + 7) FROM pages WHERE url LIKE '%/articles/%'" >"$tmp/stored-before"
killed_at=$(wc -l <"$tmp/site.log")
echo "# worker b killed holding $b_leased URLs, with $stored_before pages stored"
expect_ge "worker b was killed holding leased URLs" 1 "$b_leased"

# The same worker name twice: refused at once, with the holder named. Checked after the kill:
# a runs on until b's leases (8 s) ran out and were taken over.
for _ in $(seq 1 100); do
  [[ $(psql_value "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'winnow crawl a %'" 2>/dev/null) -ge 1 ]] && break
  sleep 0.1
done
timeout 60 "$winnow" crawl "$tmp/crawl.toml" --once --worker a >"$tmp/dup.out" 2>"$tmp/dup.err"
expect_eq "a second worker 'a' while 'a' runs: exit 3" 3 "$?"
expect_contains "a second worker 'a': says who holds the lock" "$(cat "$tmp/dup.err")" "worker 'a' is already crawling"

wait "$pid_a"
rc_a=$?
wait "$pid_c"
rc_c=$?
expect_eq "worker a: exit 0" 0 "$rc_a"
expect_eq "worker c: exit 0" 0 "$rc_c"
expect_eq "worker a: nothing on stderr" "" "$(cat "$tmp/a.err")"
expect_ge "worker a fetched pages" 1 "$(summary "$tmp/a.json" pages)"
expect_ge "worker c fetched pages" 1 "$(summary "$tmp/c.json" pages)"

# --- what the store holds ---------------------------------------------------------------------
expect_eq "every article stored" 500 "$(psql_value "SELECT count(*) FROM pages WHERE url LIKE '%/articles/%'")"
expect_eq "each page stored once (one row per URL)" "$(psql_value "SELECT count(*) FROM pages")" \
  "$(psql_value "SELECT count(DISTINCT url) FROM pages")"
expect_eq "nothing left leased (b's leases ran out and were taken over)" 0 \
  "$(psql_value "SELECT count(*) FROM frontier WHERE state = 1")"
expect_eq "nothing due" 0 "$(psql_value "SELECT count(*) FROM frontier WHERE state = 0 AND next_due <= extract(epoch FROM now())")"
expect_eq "no host still held" 0 "$(psql_value "SELECT count(*) FROM crawl_hosts WHERE lease_owner IS NOT NULL")"
expect_eq "every URL of the frontier fetched" 0 "$(psql_value "SELECT count(*) FROM frontier WHERE last_fetched IS NULL")"

# --- what the site saw --------------------------------------------------------------------------
# Log lines: MS PORT METHOD TARGET STATUS IN_FLIGHT (in flight at that origin, this one included).
expect_eq "no origin ever had more than 2 requests in flight, across the three workers" 0 \
  "$(awk '$6 > 2' "$tmp/site.log" | wc -l)"
expect_ge "origins were busy at their limit (2 in flight seen)" 1 "$(awk '$6 == 2' "$tmp/site.log" | wc -l)"
refetched=$(tail -n +"$((killed_at + 1))" "$tmp/site.log" | awk '{print $4}' | grep -Fxc -f "$tmp/stored-before")
expect_eq "none of the $stored_before pages stored before the kill fetched again" 0 "$refetched"
twice=$(awk '$4 ~ /^\/articles\// {n[$4]++} END {for (p in n) if (n[p] > 1) c++; print c + 0}' "$tmp/site.log")
expect_ge "pages fetched twice: at most what b held when killed ($twice <= $b_leased)" "$twice" "$b_leased"

# --- b again: it takes back nothing, as nothing is left ------------------------------------------
timeout 120 "$winnow" crawl "$tmp/crawl.toml" --once --worker b --summary-json "$tmp/b2.json" >"$tmp/b2.out" 2>"$tmp/b2.err"
expect_eq "worker b restarted: exit 0" 0 "$?"
expect_eq "worker b restarted: nothing to fetch" 0 "$(summary "$tmp/b2.json" fetched)"

# --- the server restarts in the middle of a crawl: the workers reconnect and go on ------------------
"$site_server" --generate 300 --hosts 3 --links 4 --delay-ms 120 --log "$tmp/site2.log" >"$tmp/origins2" 2>"$tmp/site2.err" &
pids+=($!)
for _ in $(seq 1 100); do [[ $(wc -l <"$tmp/origins2") -ge 3 ]] && break; sleep 0.1; done
sitemaps=""
while read -r origin; do sitemaps+="${sitemaps:+, }\"$origin/sitemap.xml\""; done <"$tmp/origins2"
psql_value "CREATE DATABASE restarted" >/dev/null
pg2="${pg%/*}/restarted"
sed -e "s|^store = .*|store = \"$pg2\"|" -e "s|^sitemaps = .*|sitemaps = [$sitemaps]|" "$tmp/crawl.toml" >"$tmp/restart.toml"
pages2() { "$throwaway_postgres_bin/psql" "$pg2" -XAtq -c "SELECT count(*) FROM pages" 2>/dev/null || echo 0; }
"$winnow" crawl "$tmp/restart.toml" --once --worker x --summary-json "$tmp/x.json" >"$tmp/x.out" 2>"$tmp/x.err" &
pid_x=$!
pids+=("$pid_x")
"$winnow" crawl "$tmp/restart.toml" --once --worker y --summary-json "$tmp/y.json" >"$tmp/y.out" 2>"$tmp/y.err" &
pid_y=$!
pids+=("$pid_y")
for _ in $(seq 1 600); do [[ $(pages2) -ge 60 ]] && break; sleep 0.05; done
before_restart=$(pages2)
throwaway_postgres_server "$throwaway_postgres_bin/pg_ctl" -D "$throwaway_postgres_tmp/data" -m fast -w restart >/dev/null
echo "# PostgreSQL restarted with $before_restart pages stored"
wait "$pid_x"
rc_x=$?
wait "$pid_y"
rc_y=$?
expect_eq "server restarted mid-crawl: worker x exits 0" 0 "$rc_x"
expect_eq "server restarted mid-crawl: worker y exits 0" 0 "$rc_y"
expect_ge "the restart came midway (pages stored before it)" 1 "$before_restart"
expect_eq "server restarted mid-crawl: every article stored" 300 \
  "$("$throwaway_postgres_bin/psql" "$pg2" -XAtq -c "SELECT count(*) FROM pages WHERE url LIKE '%/articles/%'")"
expect_eq "server restarted mid-crawl: nothing left leased" 0 \
  "$("$throwaway_postgres_bin/psql" "$pg2" -XAtq -c "SELECT count(*) FROM frontier WHERE state = 1")"
expect_eq "server restarted mid-crawl: no store error in the summaries" "" \
  "$(summary "$tmp/x.json" store_error)$(summary "$tmp/y.json" store_error)"

finish_tests crawl_postgres
