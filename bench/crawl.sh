#!/usr/bin/env bash
# Crawl benchmark (issue 7): `winnow crawl --once` (fetch + clean + store into SQLite) against
# `curl --compressed --parallel` (fetch only) on the same pages of a generated local site
# (tests/site_server --generate N), one fresh server per size. The crawl starts from the
# sitemap with politeness off (delay 0, per_host = concurrency; robots.txt is read, and allows
# everything); curl fetches the article URLs that sitemap lists. Both send the same
# Accept-Encoding, so the server compresses the same way for both.
# Prints pages/s, peak RSS and CPU seconds (client and server) for both tools at PAGES and at a
# smaller size. Targets: the crawl at >= 70% of curl's rate at PAGES; the crawl's peak RSS at
# PAGES at most MAX_RSS_GROWTH times its peak at the smaller size (memory flat in the URLs).
#
# Environment:
#   BUILD_DIR       build folder (default: build-bench), configured as Release
#   WINNOW          use this winnow binary instead of building one
#   SITE_SERVER     use this site_server binary instead of building one
#   PAGES           article pages of the site (default 10000)
#   SMALL_PAGES     the smaller size, for the memory check (default PAGES / 5; 0 skips it)
#   HOSTS           origins the site is spread over (default 1)
#   LINKS           links from each page to other pages (default 5)
#   SERVER_DELAY_MS the server holds each answer this long, as a network and a real server
#                   would (default 0: every cost is the client's, and the crawl is CPU-bound)
#   CONCURRENCY     transfers at once for both tools (default 32)
#   FOLLOW_LINKS    0: the crawl fetches only what the sitemap lists (default 1: it also reads
#                   every page's links; scope keeps them to the articles, which it already knows)
#   MAX_RSS_GROWTH  the memory target (default 1.25)
#   BASE_COMMIT     also crawl with the winnow of this commit (default e3fe6df, before issue 18;
#                   empty: no comparison), built once in a git worktree under
#                   bench/out/crawl-base/<commit> (Release, ccache when installed) and reused: both
#                   crawl the same site of PAGES pages, BASE_RUNS times each, interleaved (which goes
#                   first alternates), each from a fresh database. Targets: this build's best pages/s
#                   >= MIN_SPEEDUP x the base's, its peak RSS <= MAX_RSS_RATIO x the base's
#   BASE_WINNOW     the base's winnow binary, instead of building BASE_COMMIT's
#   BASE_RUNS       crawls of each build in the comparison (default 3)
#   MIN_SPEEDUP     default 1.5 (issue 18)
#   MAX_RSS_RATIO   default 1.1
#   STRICT          1: exit 1 when a target is missed
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$repo/build-bench}
pages=${PAGES:-10000}
hosts=${HOSTS:-1}
links=${LINKS:-5}
server_delay_ms=${SERVER_DELAY_MS:-0}
concurrency=${CONCURRENCY:-32}
follow_links=${FOLLOW_LINKS:-1}
max_rss_growth=${MAX_RSS_GROWTH:-1.25}
base_commit=${BASE_COMMIT-e3fe6df}
base_runs=${BASE_RUNS:-3}
min_speedup=${MIN_SPEEDUP:-1.5}
max_rss_ratio=${MAX_RSS_RATIO:-1.1}
out=$repo/bench/out/crawl
mkdir -p "$out"

die() { echo "crawl bench: $*" >&2; exit 2; }
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
command -v python3 >/dev/null || die "python3 not found (it counts the pages stored)"
[[ -x /usr/bin/time ]] || die "GNU time not found (apt-get install time)"
[[ $pages =~ ^[1-9][0-9]*$ ]] || die "PAGES: a whole number above 0"
small=${SMALL_PAGES:-$((pages / 5))}
[[ $small =~ ^[0-9]+$ && $hosts =~ ^[1-9][0-9]*$ && $concurrency =~ ^[1-9][0-9]*$ && $base_runs =~ ^[1-9][0-9]*$ ]] ||
  die "SMALL_PAGES, HOSTS, CONCURRENCY, BASE_RUNS: whole numbers"

# shellcheck source=bench/common.sh
source "$repo/bench/common.sh"
winnow_and_site_server
[[ -x $winnow ]] || die "not executable: $winnow"
[[ -x $site_server ]] || die "not executable: $site_server"

trap stop_server EXIT

# build_base_winnow: BASE_COMMIT's winnow, built once in a git worktree beside the outputs and
# reused; sets base_winnow and base_name.
build_base_winnow() {
  if [[ -n ${BASE_WINNOW:-} ]]; then
    base_winnow=$BASE_WINNOW base_name=${base_commit:-base}
    [[ -x $base_winnow ]] || die "BASE_WINNOW: not executable: $base_winnow"
    return 0
  fi
  local commit dir log
  commit=$(git -C "$repo" rev-parse --short=12 "$base_commit^{commit}" 2>/dev/null) ||
    die "BASE_COMMIT: no commit '$base_commit' in $repo (BASE_COMMIT= skips the comparison)"
  dir=$repo/bench/out/crawl-base/$commit
  log=$dir/build.log
  base_name=$base_commit base_winnow=$dir/build/app/winnow
  [[ -x $base_winnow ]] && return 0
  mkdir -p "$dir"
  if [[ ! -f $dir/src/CMakeLists.txt ]]; then
    git -C "$repo" worktree add --force --detach "$dir/src" "$commit" >"$log" 2>&1 ||
      { tail -n 5 "$log" >&2; die "cannot check out $commit in $dir/src"; }
  fi
  local launcher=()
  command -v ccache >/dev/null &&
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  echo "crawl bench: building winnow at $commit in $dir (once; see $log)" >&2
  { cmake -S "$dir/src" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_TESTS=OFF "${launcher[@]}" &&
      cmake --build "$dir/build" --target winnow -j2; } >>"$log" 2>&1 ||
    { tail -n 30 "$log" >&2; die "building $commit failed, see $log"; }
}

# start_server N: a site of N pages over $hosts origins; sets origins (array) and server_pid.
start_server() {
  local n=$1
  rm -f "$out/origins"
  "$site_server" --generate "$n" --hosts "$hosts" --links "$links" --delay-ms "$server_delay_ms" \
    >"$out/origins" 2>"$out/server.stderr" &
  server_pid=$!
  for _ in $(seq 1 100); do [[ -f $out/origins && $(wc -l <"$out/origins") -ge $hosts ]] && break; sleep 0.05; done
  mapfile -t origins <"$out/origins"
  [[ ${#origins[@]} -eq $hosts ]] || die "site_server did not start: $(cat "$out/server.stderr")"
}

# sitemap_urls URL: the page URLs a sitemap lists, following a sitemap index. Fetched without
# compression: the server compresses slowly, and this list is not part of what is timed.
sitemap_urls() {
  local body loc
  body=$(curl --silent --fail "$1") || die "cannot fetch $1"
  if [[ $body == *"<sitemapindex"* ]]; then
    while read -r loc; do sitemap_urls "$loc"; done < <(grep -o '<loc>[^<]*</loc>' <<<"$body" | sed 's|</*loc>||g')
  else
    grep -o '<loc>[^<]*</loc>' <<<"$body" | sed 's|</*loc>||g'
  fi
}

# write_inputs N: the curl config (one transfer per sitemap URL) and the crawl's TOML.
write_inputs() {
  local n=$1 origin sitemaps=()
  : >"$out/urls-$n.txt"
  for origin in "${origins[@]}"; do
    sitemap_urls "$origin/sitemap.xml" >>"$out/urls-$n.txt"
    sitemaps+=("\"$origin/sitemap.xml\"")
  done
  [[ $(wc -l <"$out/urls-$n.txt") -eq $n ]] || die "the sitemaps list $(wc -l <"$out/urls-$n.txt") URLs, not $n"
  awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$out/urls-$n.txt" >"$out/urls-$n.curl"
  local IFS=,
  cat >"$out/crawl-$n.toml" <<EOF
# Written by bench/crawl.sh: politeness off, everything the sitemaps list, in one run.
store = "sqlite:$out/crawl-$n.db"
allow_private_addresses = true
sitemaps = [${sitemaps[*]}]
sitemaps_from_robots = false

[scope]
include = ['/articles/[0-9]+\.html\$', '/sitemap[^/]*\.xml\$']
max_pages_per_run = 0
follow_links = $([[ $follow_links == 0 ]] && echo false || echo true)

[politeness]
concurrency = $concurrency
per_host = $concurrency
delay = 0
obey_robots = true
max_crawl_delay = 0

[log]
level = "warn"
EOF
}

stored_pages() {
  python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM pages").fetchone()[0])' "$1"
}

# measure_size N: crawl, then curl, against a fresh server of N pages. Sets, per tool (w_ and
# c_): _secs, _rss (KB), _cpu (client CPU s), _srv (server CPU s during the run), _pages.
measure_size() {
  local n=$1 before
  start_server "$n"
  write_inputs "$n"
  rm -f "$out/crawl-$n.db" "$out/crawl-$n.db-wal" "$out/crawl-$n.db-shm" "$out/crawl-$n.json"

  before=$(process_cpu_seconds "$server_pid")
  run_timed "$out/winnow-$n" "$winnow" crawl "$out/crawl-$n.toml" --once --summary-json "$out/crawl-$n.json"
  w_srv=$(awk -v a="$before" -v b="$(process_cpu_seconds "$server_pid")" 'BEGIN { print b - a }')
  w_secs=$timed_wall w_rss=$timed_rss_kb w_cpu=$timed_cpu
  [[ $timed_rc -le 1 && -s $out/crawl-$n.json ]] ||
    { tail -n 20 "$out/winnow-$n.stderr" >&2; die "winnow crawl failed (exit $timed_rc), see $out/winnow-$n.stderr"; }
  w_pages=$(stored_pages "$out/crawl-$n.db")
  [[ $w_pages -eq $n ]] ||
    echo "crawl bench: warning: the crawl stored $w_pages pages, not $n (see $out/winnow-$n.stderr)" >&2

  before=$(process_cpu_seconds "$server_pid")
  run_timed "$out/curl-$n" curl --silent --compressed --parallel --parallel-max "$concurrency" \
    --write-out '%{http_code}\n' --config "$out/urls-$n.curl"
  c_srv=$(awk -v a="$before" -v b="$(process_cpu_seconds "$server_pid")" 'BEGIN { print b - a }')
  c_secs=$timed_wall c_rss=$timed_rss_kb c_cpu=$timed_cpu
  c_pages=$(grep -c '^200$' "$out/curl-$n.stdout" || true)
  [[ $c_pages -eq $n ]] || die "curl fetched $c_pages pages with status 200, not $n (exit $timed_rc)"
  stop_server
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
row() {  # LABEL PAGES SECONDS RSS_KB CLIENT_CPU SERVER_CPU
  printf '%-26s %7s %9.2f %8s %12.1f %11.2f %11.2f\n' "$1" "$2" "$3" "$(rate "$2" "$3")" \
    "$(awk -v k="$4" 'BEGIN { print k / 1024 }')" "$5" "$6"
}

# crawl_once WHO BINARY N RUN: one crawl of the current server's site from a fresh database; sets
# the WHO_ arrays' entry RUN: _secs, _cpu, _rss (KB), _srv (server CPU s), _pages.
# shellcheck disable=SC2034  # the arrays are set through namerefs
crawl_once() {
  local who=$1 bin=$2 n=$3 run=$4 before prefix=$out/$1-$3-$4
  rm -f "$out/crawl-$n.db" "$out/crawl-$n.db-wal" "$out/crawl-$n.db-shm" "$out/crawl-$n.json"
  before=$(process_cpu_seconds "$server_pid")
  run_timed "$prefix" "$bin" crawl "$out/crawl-$n.toml" --once --summary-json "$out/crawl-$n.json"
  [[ $timed_rc -le 1 && -s $out/crawl-$n.json ]] ||
    { tail -n 20 "$prefix.stderr" >&2; die "$who crawl failed (exit $timed_rc), see $prefix.stderr"; }
  local -n secs=${who}_secs cpu=${who}_cpu rss=${who}_rss srv=${who}_srv stored=${who}_pages
  srv[run]=$(awk -v a="$before" -v b="$(process_cpu_seconds "$server_pid")" 'BEGIN { print b - a }')
  secs[run]=$timed_wall cpu[run]=$timed_cpu rss[run]=$timed_rss_kb stored[run]=$(stored_pages "$out/crawl-$n.db")
  [[ ${stored[run]} -eq $n ]] ||
    echo "crawl bench: warning: the $who crawl stored ${stored[run]} pages, not $n (see $prefix.stderr)" >&2
}

# compare_with_base: this build's crawl and the base's, BASE_RUNS times each, interleaved, on one
# server of $pages pages; which goes first alternates, so that neither always meets a cold server.
# shellcheck disable=SC2034  # the arrays are read through namerefs
compare_with_base() {
  base_secs=() base_cpu=() base_rss=() base_srv=() base_pages=()
  new_secs=() new_cpu=() new_rss=() new_srv=() new_pages=()
  start_server "$pages"
  write_inputs "$pages"
  local run
  for ((run = 0; run < base_runs; run++)); do
    if ((run % 2 == 0)); then
      crawl_once base "$base_winnow" "$pages" "$run"
      crawl_once new "$winnow" "$pages" "$run"
    else
      crawl_once new "$winnow" "$pages" "$run"
      crawl_once base "$base_winnow" "$pages" "$run"
    fi
  done
  stop_server
}

# pick MIN|MEDIAN|MAX VALUES...: the smallest, middle (lower of the two middle ones) or largest.
pick() {
  local which=$1
  shift
  printf '%s\n' "$@" | sort -g | awk -v w="$which" '{ v[NR] = $1 } END {
    print (w == "MIN" ? v[1] : w == "MAX" ? v[NR] : v[int((NR + 1) / 2)]) }'
}

[[ -n $base_commit || -n ${BASE_WINNOW:-} ]] && build_base_winnow

measure_size "$pages"
big=("$w_secs" "$w_rss" "$w_cpu" "$w_srv" "$w_pages" "$c_secs" "$c_rss" "$c_cpu" "$c_srv" "$c_pages")
if ((small > 0)); then
  measure_size "$small"
  little=("$w_secs" "$w_rss" "$w_cpu" "$w_srv" "$w_pages" "$c_secs" "$c_rss" "$c_cpu" "$c_srv" "$c_pages")
fi

{
  echo "crawl bench: a generated site of $pages pages on $hosts origin(s) of 127.0.0.1, $concurrency transfers at once," \
    "follow_links $([[ $follow_links == 0 ]] && echo off || echo on), robots.txt read"
  printf '%-26s %7s %9s %8s %12s %11s %11s\n' tool pages seconds pages/s "peak RSS MB" "client CPU" "server CPU"
  row "winnow crawl" "${big[4]}" "${big[0]}" "${big[1]}" "${big[2]}" "${big[3]}"
  row "curl --parallel" "${big[9]}" "${big[5]}" "${big[6]}" "${big[7]}" "${big[8]}"
  if ((small > 0)); then
    row "winnow crawl ($small)" "${little[4]}" "${little[0]}" "${little[1]}" "${little[2]}" "${little[3]}"
    row "curl --parallel ($small)" "${little[9]}" "${little[5]}" "${little[6]}" "${little[7]}" "${little[8]}"
  fi
  echo "winnow summary: $(cat "$out/winnow-$pages.stdout")"
} | tee "$out/result-$pages.txt"

ratio=$(awk -v wp="${big[4]}" -v ws="${big[0]}" -v cp="${big[9]}" -v cs="${big[5]}" \
  'BEGIN { printf "%.2f", (ws > 0 && cp > 0 ? (wp / ws) / (cp / cs) : 0) }')
missed=()
ratio_verdict=PASS
awk -v r="$ratio" 'BEGIN { exit !(r < 0.70) }' && { ratio_verdict=FAIL; missed+=("throughput"); }
echo "crawl / curl pages/s: $ratio (target >= 0.70): $ratio_verdict" | tee -a "$out/result-$pages.txt"
if ((small > 0)); then
  growth=$(awk -v a="${little[1]}" -v b="${big[1]}" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
  rss_verdict=PASS
  awk -v g="$growth" -v m="$max_rss_growth" 'BEGIN { exit !(g > m) }' && { rss_verdict=FAIL; missed+=("memory"); }
  echo "crawl peak RSS, $pages / $small pages: $growth (target <= $max_rss_growth): $rss_verdict" |
    tee -a "$out/result-$pages.txt"
fi
if [[ -n ${base_winnow:-} ]]; then
  compare_with_base
  # Pages/s of each run: the pages it stored per wall second.
  rates() {
    local -n s=$1_secs p=$1_pages
    local i
    for i in "${!s[@]}"; do
      rate "${p[i]}" "${s[i]}"
      echo
    done
  }
  mapfile -t base_rates < <(rates base)
  mapfile -t new_rates < <(rates new)
  compare_row() {  # LABEL WHO: best and median pages/s, least and median CPU, largest RSS, median server CPU
    local -n rates_of=$2_rates c=$2_cpu r=$2_rss v=$2_srv
    printf '%-26s %9s %9s %11s %11s %12.1f %11s\n' "$1" "$(pick MAX "${rates_of[@]}")" \
      "$(pick MEDIAN "${rates_of[@]}")" "$(pick MIN "${c[@]}")" "$(pick MEDIAN "${c[@]}")" \
      "$(awk -v k="$(pick MAX "${r[@]}")" 'BEGIN { print k / 1024 }')" "$(pick MEDIAN "${v[@]}")"
  }
  ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
  speedup=$(ratio_of "$(pick MAX "${new_rates[@]}")" "$(pick MAX "${base_rates[@]}")")
  median_speedup=$(ratio_of "$(pick MEDIAN "${new_rates[@]}")" "$(pick MEDIAN "${base_rates[@]}")")
  rss_ratio=$(ratio_of "$(pick MAX "${new_rss[@]}")" "$(pick MAX "${base_rss[@]}")")
  speed_verdict=PASS base_rss_verdict=PASS
  awk -v r="$speedup" -v m="$min_speedup" 'BEGIN { exit !(r < m) }' && { speed_verdict=FAIL; missed+=("speedup"); }
  awk -v r="$rss_ratio" -v m="$max_rss_ratio" 'BEGIN { exit !(r > m) }' &&
    { base_rss_verdict=FAIL; missed+=("memory against the base"); }
  {
    echo "against winnow at $base_name: $pages pages, $base_runs crawls each, interleaved (pages/s: best and" \
      "median; client CPU s: least and median; peak RSS: largest; server CPU s: median)"
    printf '%-26s %9s %9s %11s %11s %12s %11s\n' build pages/s median "client CPU" median "peak RSS MB" "server CPU"
    compare_row "winnow at $base_name" base
    compare_row "winnow (this build)" new
    echo "each run, pages/s: at $base_name ${base_rates[*]}; this build ${new_rates[*]}"
    echo "crawl pages/s >= ${min_speedup}x base: ${speedup}x (medians: ${median_speedup}x): $speed_verdict"
    echo "crawl peak RSS <= ${max_rss_ratio}x base: ${rss_ratio}x: $base_rss_verdict"
  } | tee -a "$out/result-$pages.txt"
fi
if [[ -n ${STRICT:-} && ${STRICT:-} != 0 && ${#missed[@]} -gt 0 ]]; then
  echo "crawl bench: FAIL: ${missed[*]}"
  exit 1
fi
exit 0
