#!/usr/bin/env bash
# Fetch benchmark: a local page server (bench/fetch_page_server.cc, cpp-httplib) serves N pages
# of ~10 KB; `winnow fetch` with politeness off (no robots, no delay, per-host = concurrency)
# and `curl --compressed --parallel --parallel-max C` fetch the same URL list, in one run. Both
# ask for compressed bodies (winnow always does), so the server does the same work for both.
# Prints pages/s and peak RSS for both, and winnow's peak RSS for a tenth of the URLs (memory
# must stay flat in the number of URLs). Target: winnow at least as fast as curl.
#
# Environment:
#   BUILD_DIR    build folder (default: build-bench), configured as Release
#   WINNOW       use this winnow binary instead of building one
#   PAGE_SERVER  use this fetch_page_server binary instead of building one
#   PAGES        number of URLs (default 10000)
#   CONCURRENCY  transfers at once for both tools (default 32)
#   STRICT       1: exit 1 when winnow is slower than curl
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$repo/build-bench}
pages=${PAGES:-10000}
concurrency=${CONCURRENCY:-32}
out=$repo/bench/out/fetch
mkdir -p "$out"

die() { echo "fetch bench: $*" >&2; exit 2; }
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
[[ -x /usr/bin/time ]] || die "GNU time not found (apt-get install time)"

# shellcheck source=bench/common.sh
source "$repo/bench/common.sh"
if [[ -z ${WINNOW:-} || -z ${PAGE_SERVER:-} ]]; then
  configure_build || die "cmake configure failed in $build"
  cmake --build "$build" --target winnow fetch_page_server -j2 >"$out/build.log" 2>&1 ||
    { tail -n 30 "$out/build.log" >&2; die "build failed"; }
fi
winnow=${WINNOW:-$build/app/winnow}
server_bin=${PAGE_SERVER:-$build/bench/fetch_page_server}
[[ -x $winnow ]] || die "not executable: $winnow"
[[ -x $server_bin ]] || die "not executable: $server_bin"

rm -f "$out/port"
"$server_bin" "$out/port" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [[ -s $out/port ]] && break; sleep 0.05; done
[[ -s $out/port ]] || die "page server did not start"
port=$(cat "$out/port")

make_lists() {  # N: writes urls-N.txt (winnow) and urls-N.curl (curl config)
  local n=$1 i
  : >"$out/urls-$n.txt"
  : >"$out/urls-$n.curl"
  for ((i = 0; i < n; i++)); do
    echo "http://127.0.0.1:$port/p/$i" >>"$out/urls-$n.txt"
    printf 'url = "http://127.0.0.1:%s/p/%d"\noutput = "%s/curl-pages/%d.html"\n' "$port" "$i" "$out" "$i" >>"$out/urls-$n.curl"
  done
}

# Runs a command under GNU time; prints "seconds peak_rss_kb".
measure() {
  run_timed "$out/measure" "$@"
  echo "$timed_wall $timed_rss_kb"
}

small=$((pages / 10))
make_lists "$pages"
make_lists "$small"
# Both tools write each page to a file: without --out (or --store, --warc) winnow fetch would
# clean the pages and print them, which is not what is measured here.
mkdir -p "$out/curl-pages" "$out/winnow-pages"
winnow_args=(fetch --allow-private --no-robots --delay 0 --per-host "$concurrency" --concurrency "$concurrency"
  --out "$out/winnow-pages")

read -r w_secs w_rss < <(measure "$winnow" "${winnow_args[@]}" --list "$out/urls-$pages.txt")
w_summary=$(tail -n 1 "$out/measure.stderr" 2>/dev/null || true)
read -r ws_secs ws_rss < <(measure "$winnow" "${winnow_args[@]}" --list "$out/urls-$small.txt")
read -r c_secs c_rss < <(measure curl --silent --compressed --parallel --parallel-max "$concurrency" --config "$out/urls-$pages.curl")

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
echo "fetch bench: $pages pages of ~10 KB from 127.0.0.1, $concurrency transfers at once"
printf '%-28s %10s %10s %14s\n' tool seconds pages/s "peak RSS MB"
printf '%-28s %10.2f %10s %14.1f\n' "winnow fetch" "$w_secs" "$(rate "$pages" "$w_secs")" "$(awk -v k="$w_rss" 'BEGIN { print k / 1024 }')"
printf '%-28s %10.2f %10s %14.1f\n' "winnow fetch ($small URLs)" "$ws_secs" "$(rate "$small" "$ws_secs")" "$(awk -v k="$ws_rss" 'BEGIN { print k / 1024 }')"
printf '%-28s %10.2f %10s %14.1f\n' "curl --parallel --compressed" "$c_secs" "$(rate "$pages" "$c_secs")" "$(awk -v k="$c_rss" 'BEGIN { print k / 1024 }')"
[[ -n $w_summary ]] && echo "winnow stderr (last line): $w_summary"
ratio=$(awk -v w="$w_secs" -v c="$c_secs" 'BEGIN { printf "%.2f", (w > 0 ? c / w : 0) }')
echo "winnow / curl throughput: $ratio (target >= 1.0)"
if [[ -n ${STRICT:-} ]] && awk -v r="$ratio" 'BEGIN { exit !(r < 1.0) }'; then
  echo "fetch bench: FAIL: winnow slower than curl"
  exit 1
fi
