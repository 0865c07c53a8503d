#!/usr/bin/env bash
# Speed benchmark over two shared corpora, all tools on the same files in one run:
#   winnow -j 1   `winnow clean --format json -j 1`, wall time and peak RSS of the whole batch
#   winnow -j 2   the same with two threads
#   gumbo         bench/gumbo_parse_only: Gumbo parsing alone, timed in-process (the floor)
#   readability   Mozilla Readability on jsdom (bench/readability/run.mjs), timed in-process
#                 (the Readability corpus only)
# The corpora: shared/corpus/readability (130 pages), then shared/corpus/wcxb-dev (1 358 pages of
# seven types, gzip: decompressed once into bench/out/wcxb-html/ so that winnow and gumbo read the
# same bytes). Targets, per corpus: winnow -j 1 throughput >= 0.6x gumbo parse-only; winnow peak
# RSS < 100 MB.
#
# Environment:
#   BUILD_DIR          build folder (default: build-bench in the repo), configured as Release
#   WINNOW             use this winnow binary instead of building one
#   GUMBO_PARSE_ONLY   use this gumbo_parse_only binary instead of building one
#   WINNOW_SHARED      the shared folder (default: ../shared beside the repo)
#   RUNS               repeat the winnow -j 1 and gumbo runs, keep the fastest (default 1)
#   SKIP_READABILITY   1: do not run the Readability baseline
#   SKIP_WCXB          1: do not run the WCXB corpus
#   STRICT             1: exit 1 when a target fails
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${WINNOW_SHARED:-$repo/../shared}
corpus=$shared/corpus/readability
wcxb=$shared/corpus/wcxb-dev
build=${BUILD_DIR:-$repo/build-bench}
runs=${RUNS:-1}
links=$repo/bench/out/links/speed
wcxb_html=$repo/bench/out/wcxb-html
work_root=$repo/bench/out/speed
node_dir=$repo/bench/readability

build_log=$repo/bench/out/build.log

die() { echo "speed: $*" >&2; exit 2; }

[[ -d $corpus ]] || die "corpus not found: $corpus (set WINNOW_SHARED)"
mkdir -p "$repo/bench/out"

# shellcheck source=bench/common.sh
source "$repo/bench/common.sh"

build_binaries() {
  local targets=()
  [[ -z ${WINNOW:-} ]] && targets+=(winnow)
  [[ -z ${GUMBO_PARSE_ONLY:-} ]] && targets+=(gumbo_parse_only)
  if ((${#targets[@]})); then
    configure_build || die "cmake configure failed in $build"
    cmake --build "$build" --target "${targets[@]}" -j2 >"$build_log" 2>&1 ||
    { tail -n 40 "$build_log" >&2; die "building ${targets[*]} failed"; }
  fi
  winnow=${WINNOW:-$build/app/winnow}
  gumbo=${GUMBO_PARSE_ONLY:-$build/bench/gumbo_parse_only}
  [[ -x $winnow ]] || die "not executable: $winnow"
  [[ -x $gumbo ]] || die "not executable: $gumbo"
}

ensure_gnu_time() {
  [[ -x /usr/bin/time ]] && return 0
  echo "speed: installing GNU time (apt-get install time)"
  { apt-get install -y -qq time || { apt-get update -qq && apt-get install -y -qq time; }; } >/dev/null ||
    die "GNU time is missing and could not be installed"
}

# The WCXB pages, decompressed once: <id>.html for html/<id>.html.gz (again only when the corpus
# has a page the folder lacks, or a newer one).
decompress_wcxb() {
  mkdir -p "$wcxb_html"
  local gz id
  for gz in "$wcxb/html"/*.html.gz; do
    id=$(basename "$gz" .html.gz)
    if [[ ! -s $wcxb_html/$id.html || $gz -nt $wcxb_html/$id.html ]]; then
      gzip -dc "$gz" >"$wcxb_html/$id.html.tmp" || die "cannot decompress $gz"
      mv "$wcxb_html/$id.html.tmp" "$wcxb_html/$id.html"
    fi
  done
}

# use_corpus NAME DIR: the pages DIR/*.html are the inputs from now on; sets work, list, inputs,
# pages, bytes and empties the table.
use_corpus() {
  corpus_name=$1
  inputs=$2
  work=$work_root/$corpus_name
  list=$work/inputs.list
  mkdir -p "$work"
  find -L "$inputs" -maxdepth 1 -name '*.html' | sort >"$list"
  pages=$(wc -l <"$list")
  bytes=$(xargs -d '\n' stat -L -c %s <"$list" | awk '{ s += $1 } END { print s }')
  rows=()
  echo
  echo "speed: $corpus_name: $pages pages, $bytes bytes; winnow $winnow"
}

# timed NAME CMD...: runs CMD under GNU time; sets rc, wall (s), cpu (%), rss_kb.
timed() {
  local name=$1
  shift
  run_timed "$work/$name" "$@"
  rc=$timed_rc
  wall=$timed_wall
  rss_kb=$timed_rss_kb
  cpu=$(awk -F': ' '/Percent of CPU/ { sub("%", "", $2); print $2 }' "$work/$name.time")
}

# field KEY FILE: the value after KEY on the "bytes ... pages ... seconds ..." line.
field() {
  awk -v key="$1" '{ for (i = 1; i < NF; i++) if ($i == key) print $(i + 1) }' "$2" | tail -n 1
}

# Table rows, in order: name pages bytes seconds rss_kb cpu_percent
rows=()
add_row() { rows+=("$*"); }

run_winnow() {
  local threads=$1 best=""
  local attempts=1 i
  [[ $threads == 1 ]] && attempts=$runs
  for ((i = 0; i < attempts; i++)); do
    rm -rf "$work/winnow-j$threads"
    mkdir -p "$work/winnow-j$threads"
    timed "winnow-j$threads" "$winnow" clean --out "$work/winnow-j$threads" --format json -j "$threads" \
      "$inputs"/*.html
    ((rc == 2)) && { cat "$work/winnow-j$threads.stderr" >&2; die "winnow clean: usage or config error"; }
    if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall best_rss=$rss_kb best_cpu=$cpu
    fi
  done
  local written
  written=$(find "$work/winnow-j$threads" -name '*.json' | wc -l)
  ((rc == 0 && written == pages)) ||
    echo "speed: winnow -j $threads: exit $rc, $written of $pages outputs (see $work/winnow-j$threads.stderr)"
  add_row "winnow-j$threads $pages $bytes $best $best_rss $best_cpu"
}

run_gumbo() {
  local best="" best_rss="" i seconds
  for ((i = 0; i < runs; i++)); do
    timed gumbo "$gumbo" "@$list"
    ((rc == 0)) || die "gumbo_parse_only failed: $(cat "$work/gumbo.stderr")"
    seconds=$(field seconds "$work/gumbo.stdout")
    if [[ -z $best ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$seconds best_rss=$rss_kb best_cpu=$cpu
    fi
  done
  add_row "gumbo-parse $pages $bytes $best $best_rss $best_cpu"
}

# Installs the pinned packages unless they are already there; returns 1 when that fails.
install_readability() {
  command -v node >/dev/null && command -v npm >/dev/null || return 1
  (cd "$node_dir" && npm ls --depth=0 >/dev/null 2>&1) && return 0
  # npm ci installs exactly the committed package-lock.json and never rewrites it.
  (cd "$node_dir" && npm ci --no-audit --no-fund >"$work/npm.log" 2>&1)
}

run_readability() {
  if [[ ${SKIP_READABILITY:-0} == 1 ]]; then
    echo "readability: skipped (SKIP_READABILITY=1)"
    return
  fi
  if ! install_readability; then
    echo "readability: skipped (npm install failed; see $work/npm.log)"
    return
  fi
  echo "speed: running Readability (jsdom); this takes about a minute"
  timed readability node "$node_dir/run.mjs" "@$list"
  if ((rc != 0)); then
    echo "readability: failed, exit $rc (see $work/readability.stderr)"
    return
  fi
  local failed
  failed=$(field failed "$work/readability.stdout")
  ((failed == 0)) || echo "readability: $failed pages threw (see $work/readability.stderr)"
  add_row "readability $pages $bytes $(field seconds "$work/readability.stdout") $rss_kb $cpu"
}

print_table() {
  echo
  echo "$corpus_name:"
  printf '%-13s %6s %7s %9s %8s %8s %13s %6s\n' tool pages MB seconds MB/s pages/s "peak RSS MB" CPU%
  local row
  for row in "${rows[@]}"; do
    awk -v r="$row" 'BEGIN { split(r, f, " "); mb = f[3] / 1e6
      printf "%-13s %6d %7.2f %9.3f %8.3f %8.2f %13.1f %6s\n", f[1], f[2], mb, f[4], mb / f[4], f[2] / f[4],
             f[5] * 1024 / 1e6, f[6] "%" }'
  done
}

# Prints the ratios and PASS/FAIL lines of the current corpus; returns 1 when a target fails.
judge() {
  awk -v rows="$(printf '%s\n' "${rows[@]}")" -v corpus="$corpus_name" -v readability="$1" 'BEGIN {
    n = split(rows, lines, "\n")
    for (i = 1; i <= n; i++) { split(lines[i], f, " "); sec[f[1]] = f[4]; rss[f[1]] = f[5] * 1024 / 1e6 }
    failed = 0
    print ""
    if (("winnow-j1" in sec) && ("winnow-j2" in sec))
      printf "winnow -j 2 / -j 1 throughput: %.2fx\n", sec["winnow-j1"] / sec["winnow-j2"]
    ratio = sec["gumbo-parse"] / sec["winnow-j1"]
    ok = ratio >= 0.6; failed += !ok
    printf "%s: winnow-j1 / gumbo-parse pages/s: %.3f (target >= 0.6): %s\n", corpus, ratio, ok ? "PASS" : "FAIL"
    if ("readability" in sec)
      printf "%s: winnow / readability throughput: %.1fx\n", corpus, sec["readability"] / sec["winnow-j1"]
    else if (readability)
      printf "%s: winnow / readability throughput: n/a (readability skipped)\n", corpus
    peak = rss["winnow-j1"] > rss["winnow-j2"] ? rss["winnow-j1"] : rss["winnow-j2"]
    ok = peak < 100; failed += !ok
    printf "%s: winnow peak RSS: %.1f MB (target < 100 MB, -j 1 and -j 2): %s\n", corpus, peak, ok ? "PASS" : "FAIL"
    exit failed > 0
  }'
}

build_binaries
ensure_gnu_time
verdict=0

link_corpus_pages
use_corpus readability "$links"
run_winnow 1
run_winnow 2
run_gumbo
run_readability
print_table
judge 1 || verdict=1

if [[ ${SKIP_WCXB:-0} == 1 ]]; then
  echo
  echo "wcxb-dev: skipped (SKIP_WCXB=1)"
elif [[ ! -d $wcxb/html ]]; then
  echo
  echo "wcxb-dev: skipped (corpus not found: $wcxb)"
else
  decompress_wcxb
  use_corpus wcxb-dev "$wcxb_html"
  run_winnow 1
  run_winnow 2
  run_gumbo
  print_table
  judge 0 || verdict=1
fi

if ((verdict != 0)) && [[ ${STRICT:-0} == 1 ]]; then
  exit 1
fi
exit 0
