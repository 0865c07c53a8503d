#!/usr/bin/env bash
# Memory against the size of the frontier (issue 8): `winnow crawl --once --max-pages PAGES`, twice,
# from the sitemap of a generated local site (tests/site_server) whose sitemaps list SMALL_SITE,
# then LARGE_SITE URLs. The first run reads the sitemaps (up to 50 000 URLs each, the protocol's
# cap), adds every URL to its SQLite frontier and fetches PAGES pages; the second fetches PAGES
# more from that frontier. Prints peak RSS and the frontier's size for each run; the target is a
# second run's peak at LARGE_SITE at most MAX_RSS_GROWTH times the one at SMALL_SITE (memory flat
# in the number of URLs the frontier holds). The first run's peak also holds one sitemap's URLs.
#
# Environment:
#   BUILD_DIR       build folder (default: build-bench), configured as Release
#   WINNOW, SITE_SERVER  use these binaries instead of building them
#   SMALL_SITE      URLs of the smaller frontier (default 10000)
#   LARGE_SITE      URLs of the larger frontier (default 100000)
#   PAGES           pages fetched in each run (default 2000)
#   MAX_RSS_GROWTH  the target (default 1.25)
#   STRICT          1: exit 1 when the target is missed
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$repo/build-bench}
small_site=${SMALL_SITE:-10000}
large_site=${LARGE_SITE:-100000}
pages=${PAGES:-2000}
max_rss_growth=${MAX_RSS_GROWTH:-1.25}
out=$repo/bench/out/frontier_memory
mkdir -p "$out"

die() { echo "frontier memory bench: $*" >&2; exit 2; }
[[ -x /usr/bin/time ]] || die "GNU time not found (apt-get install time)"
for n in "$small_site" "$large_site" "$pages"; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "sizes must be whole numbers above 0"; done

# shellcheck source=bench/common.sh
source "$repo/bench/common.sh"
winnow_and_site_server

trap stop_server EXIT

sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }

# measure N: prints "N known fetched rss1_kb seconds1 rss2_kb seconds2" for a site of N pages.
measure() {
  local n=$1
  rm -f "$out/origin"  # so that the wait below cannot read the last run's port
  "$site_server" --generate "$n" --links 5 >"$out/origin" 2>"$out/server.stderr" &
  server_pid=$!
  for _ in $(seq 1 100); do [[ -s $out/origin ]] && break; sleep 0.05; done
  local origin
  origin=$(head -n 1 "$out/origin")
  rm -f "$out/crawl-$n.db"*
  cat >"$out/crawl-$n.toml" <<EOF
# Written by bench/frontier_memory.sh: every sitemap URL known, PAGES of them fetched.
store = "sqlite:$out/crawl-$n.db"
allow_private_addresses = true
sitemaps = ["$origin/sitemap.xml"]
sitemaps_from_robots = false
[scope]
follow_links = false
[politeness]
concurrency = 32
per_host = 32
delay = 0
EOF
  run_timed "$out/crawl-$n" "$winnow" crawl "$out/crawl-$n.toml" --once --max-pages "$pages"
  [[ $timed_rc -le 1 ]] || die "the crawl of $n exited $timed_rc: $(tail -n 5 "$out/crawl-$n.stderr")"
  local first="$timed_rss_kb $timed_wall"
  run_timed "$out/crawl-$n-2" "$winnow" crawl "$out/crawl-$n.toml" --once --max-pages "$pages"
  stop_server
  [[ $timed_rc -le 1 ]] || die "the second crawl of $n exited $timed_rc: $(tail -n 5 "$out/crawl-$n-2.stderr")"
  echo "$n $(sql "$out/crawl-$n.db" "SELECT count(*) FROM frontier") $(sql "$out/crawl-$n.db" "SELECT count(*) FROM pages") $first $timed_rss_kb $timed_wall"
}

read -r s_n s_known s_pages s_rss1 s_wall1 s_rss s_wall < <(measure "$small_site")
read -r l_n l_known l_pages l_rss1 l_wall1 l_rss l_wall < <(measure "$large_site")
printf '%-8s %9s %7s | %-24s | %-24s\n' site frontier pages "run 1 (sitemaps): RSS, s" "run 2 (frontier): RSS, s"
printf '%-8s %9s %7s | %8d MB %12s | %8d MB %12s\n' "$s_n" "$s_known" "$s_pages" $((s_rss1 / 1024)) "$s_wall1" \
  $((s_rss / 1024)) "$s_wall"
printf '%-8s %9s %7s | %8d MB %12s | %8d MB %12s\n' "$l_n" "$l_known" "$l_pages" $((l_rss1 / 1024)) "$l_wall1" \
  $((l_rss / 1024)) "$l_wall"
growth=$(awk -v a="$l_rss" -v b="$s_rss" 'BEGIN { printf "%.2f", a / b }')
verdict=met
awk -v g="$growth" -v m="$max_rss_growth" 'BEGIN { exit !(g <= m) }' || verdict="NOT met"
echo "run 2's peak RSS x$growth from a frontier of $s_known URLs to one of $l_known (target <= x$max_rss_growth): $verdict"
[[ ${STRICT:-0} != 1 || $verdict == met ]]
