#!/usr/bin/env bash
# Speed benchmark over two shared corpora, all tools on the same files in one run:
#   winnow-j1      `winnow clean --format json -j 1`, wall time and peak RSS of the whole batch
#   no-prescan-j1  the same with --no-prescan (the pass before Gumbo parsing turned off)
#   base-j1        the same with winnow built from BASE_COMMIT, the code before issue 18's work
#   gumbo-parse    bench/gumbo_parse_only: Gumbo parsing alone, timed in-process (the floor)
#   winnow-j2      winnow-j1 with two threads
#   readability    Mozilla Readability on jsdom (bench/readability/run.mjs), timed in-process
#                  (the Readability corpus only)
# The -j 1 rows and gumbo run interleaved (winnow-j1, no-prescan-j1, base-j1, gumbo-parse, then
# again), RUNS rounds, the fastest of each kept: a slow spell of this noisy machine then slows all
# of them rather than one, which keeps their ratios in one run fair.
# The corpora: shared/corpus/readability (130 pages), then shared/corpus/wcxb-dev (1 358 pages of
# seven types, gzip: decompressed once into bench/out/wcxb-html/ so that winnow and gumbo read the
# same bytes; their scripts are already removed, so the prescan has little to skip there).
# Targets (issue 18), PASS/FAIL per corpus:
#   both           winnow-j1 throughput >= 0.6x gumbo-parse; winnow-j1 peak RSS <= base-j1's
#                  x 1.05 + 1 MB; winnow peak RSS < 100 MB (-j 1 and -j 2); no page's JSON output
#                  differs between winnow-j1 and no-prescan-j1 ("source" aside): the prescan
#                  changes speed, never output
#   readability    winnow-j1 throughput >= 1.6x gumbo-parse and >= 2x base-j1
#   wcxb-dev       winnow-j1 time <= 1.03x no-prescan-j1's (the pass costs < 3% where it has
#                  nothing to skip)
# A target whose row is missing (a winnow without --no-prescan, BASE_COMMIT=none) prints n/a.
#
# Environment:
#   BUILD_DIR          build folder (default: build-bench in the repo), configured as Release
#   WINNOW             use this winnow binary instead of building one
#   GUMBO_PARSE_ONLY   use this gumbo_parse_only binary instead of building one
#   BASE_COMMIT        the base-j1 commit (default e3fe6df); its winnow is built once in a
#                      detached worktree, bench/out/base/<commit>/src, into .../build, and
#                      reused; none: no base-j1 row
#   BASE_WINNOW        use this binary as base-j1 instead of building one
#   WINNOW_SHARED      the shared folder (default: ../shared beside the repo)
#   RUNS               rounds of the interleaved -j 1 and gumbo runs, the fastest of each kept
#                      (default 1)
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

# Sets base_winnow and base_label: BASE_WINNOW, or the winnow of BASE_COMMIT built here, or empty
# (BASE_COMMIT=none). Built by the bench rather than measured once and remembered, so that both
# sides of the ratio meet the same machine in the same minutes.
build_base() {
  base_winnow=${BASE_WINNOW:-} base_label=${BASE_WINNOW:-}
  if [[ -n $base_winnow ]]; then
    [[ -x $base_winnow ]] || die "not executable: $base_winnow"
    return 0
  fi
  local commit=${BASE_COMMIT:-e3fe6df}
  [[ $commit == none ]] && return 0
  build_winnow_at "$commit"
  base_winnow=$commit_winnow base_label=$commit_label
}

# Sets has_no_prescan to 1 when this winnow has `clean --no-prescan`; without it, the
# no-prescan-j1 row and the targets that need it are left out.
detect_no_prescan() {
  local help
  help=$("$winnow" clean --help 2>&1) || true
  if [[ $help == *--no-prescan* ]]; then
    has_no_prescan=1
  else
    has_no_prescan=0
    echo "speed: no-prescan-j1 skipped: $winnow clean --help has no --no-prescan"
  fi
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
  best_seconds=() best_rss=() best_cpu=() all_seconds=() all_cpu_seconds=() last_rc=()
  echo
  echo "speed: $corpus_name: $pages pages, $bytes bytes; winnow $winnow; base ${base_label:-none}"
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

# The runs of each row: the fastest one's seconds, peak RSS (kB) and CPU%, every run's seconds
# and CPU seconds (user + system), and the last run's exit status.
declare -A best_seconds best_rss best_cpu all_seconds all_cpu_seconds last_rc

# keep_run ROW SECONDS: counts a run of ROW (rss_kb, cpu and timed_cpu from timed) and keeps it
# when fastest.
keep_run() {
  local row=$1 seconds=$2
  all_seconds[$row]+=" $seconds"
  all_cpu_seconds[$row]+=" $timed_cpu"
  if [[ -z ${best_seconds[$row]:-} ]] ||
     awk -v a="$seconds" -v b="${best_seconds[$row]}" 'BEGIN { exit !(a < b) }'; then
    best_seconds[$row]=$seconds best_rss[$row]=$rss_kb best_cpu[$row]=$cpu
  fi
}

# winnow_once ROW BINARY THREADS [OPTION...]: one timed batch, its outputs in $work/ROW/.
winnow_once() {
  local row=$1 binary=$2 threads=$3
  shift 3
  rm -rf "${work:?}/$row"
  mkdir -p "$work/$row"
  timed "$row" "$binary" clean --out "$work/$row" --format json -j "$threads" "$@" "$inputs"/*.html
  ((rc == 2)) && { cat "$work/$row.stderr" >&2; die "$row: winnow clean: usage or config error"; }
  last_rc[$row]=$rc
  keep_run "$row" "$wall"
}

gumbo_once() {
  timed gumbo "$gumbo" "@$list"
  ((rc == 0)) || die "gumbo_parse_only failed: $(cat "$work/gumbo.stderr")"
  keep_run gumbo-parse "$(field seconds "$work/gumbo.stdout")"
}

# add_row_of ROW: the table row of ROW's fastest run; says so first when ROW's last run failed or
# left pages without output.
add_row_of() {
  local row=$1 written
  if [[ $row != gumbo-parse ]]; then
    written=$(find "$work/$row" -name '*.json' | wc -l)
    ((last_rc[$row] == 0 && written == pages)) ||
      echo "speed: $row: exit ${last_rc[$row]}, $written of $pages outputs (see $work/$row.stderr)"
  fi
  add_row "$row $pages $bytes ${best_seconds[$row]} ${best_rss[$row]} ${best_cpu[$row]}"
}

run_single_thread_rows() {
  local round row
  for ((round = 0; round < runs; round++)); do
    winnow_once winnow-j1 "$winnow" 1
    if ((has_no_prescan)); then winnow_once no-prescan-j1 "$winnow" 1 --no-prescan; fi
    if [[ -n $base_winnow ]]; then winnow_once base-j1 "$base_winnow" 1; fi
    gumbo_once
  done
  for row in winnow-j1 no-prescan-j1 base-j1 gumbo-parse; do
    if [[ -n ${best_seconds[$row]:-} ]]; then add_row_of "$row"; fi
  done
}

run_two_threads() {
  winnow_once winnow-j2 "$winnow" 2
  add_row_of winnow-j2
}

# count_differing A B: prints how many pages' JSON outputs differ between the folders A and B (a
# page missing on one side counts), the "source" key aside: it names the input file, not the
# cleaning. The differing names go to B.differing.
count_differing() {
  python3 - "$1" "$2" <<'PYTHON'
import json, os, sys

def outputs(folder):
    found = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".json"):
                path = os.path.join(parent, name)
                found[os.path.relpath(path, folder)] = path
    return found

def without_source(path):
    with open(path, encoding="utf-8") as f:
        page = json.load(f)
    page.pop("source", None)
    return page

a, b = outputs(sys.argv[1]), outputs(sys.argv[2])
differing = [name for name in sorted(a.keys() | b.keys())
             if name not in a or name not in b or without_source(a[name]) != without_source(b[name])]
with open(sys.argv[2].rstrip("/") + ".differing", "w", encoding="utf-8") as f:
    f.writelines(name + "\n" for name in differing)
print(len(differing))
PYTHON
}

# Sets differing_no_prescan (the target) and differing_base (information only: issue 18 may
# change output on purpose), each empty when its row was not run.
compare_outputs() {
  differing_no_prescan="" differing_base=""
  if ((has_no_prescan)); then
    differing_no_prescan=$(count_differing "$work/winnow-j1" "$work/no-prescan-j1") ||
      die "comparing the outputs of winnow-j1 and no-prescan-j1 failed"
    ((differing_no_prescan == 0)) ||
      echo "speed: pages whose output differs with --no-prescan: $work/no-prescan-j1.differing"
  fi
  if [[ -n $base_winnow ]]; then
    differing_base=$(count_differing "$work/winnow-j1" "$work/base-j1") ||
      die "comparing the outputs of winnow-j1 and base-j1 failed"
  fi
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
  printf '%-14s %6s %7s %9s %8s %8s %13s %6s\n' tool pages MB seconds MB/s pages/s "peak RSS MB" CPU%
  local row
  for row in "${rows[@]}"; do
    awk -v r="$row" 'BEGIN { split(r, f, " "); mb = f[3] / 1e6
      printf "%-14s %6d %7.2f %9.3f %8.3f %8.2f %13.1f %6s\n", f[1], f[2], mb, f[4], mb / f[4], f[2] / f[4],
             f[5] * 1024 / 1e6, f[6] "%" }'
  done
  ((runs > 1)) || return 0
  # CPU seconds are less sensitive than wall time to a busy machine (CPU% well below 100); gumbo's
  # also count reading the corpus, which its own timer leaves out, so they are not shown.
  echo "the fastest of $runs interleaved runs; every run's seconds, sorted (CPU: user + system):"
  for row in winnow-j1 no-prescan-j1 base-j1 gumbo-parse; do
    [[ -n ${all_seconds[$row]:-} ]] || continue
    if [[ $row == gumbo-parse ]]; then
      printf '%-14s%s\n' "$row" "$(sorted_runs "${all_seconds[$row]}")"
    else
      printf '%-14s%s; CPU%s\n' "$row" "$(sorted_runs "${all_seconds[$row]}")" \
        "$(sorted_runs "${all_cpu_seconds[$row]}")"
    fi
  done
}

# sorted_runs "SECONDS...": the values sorted, then their median.
sorted_runs() {
  tr ' ' '\n' <<<"$1" | sort -g | awk 'NF { t[++n] = $1; s = s sprintf(" %.2f", $1) }
    END { printf "%s (median %.2f)", s, n % 2 ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2 }'
}

# judge readability|wcxb: prints the ratios and PASS/FAIL lines of the current corpus, the targets
# of that kind of corpus included; returns 1 when a target fails.
judge() {
  awk -v rows="$(printf '%s\n' "${rows[@]}")" -v corpus="$corpus_name" -v kind="$1" \
      -v differing="$differing_no_prescan" -v differing_base="$differing_base" '
  function verdict(ok) { failed += !ok; return ok ? "PASS" : "FAIL" }
  BEGIN {
    n = split(rows, lines, "\n")
    for (i = 1; i <= n; i++) {
      split(lines[i], f, " "); pages = f[2]; sec[f[1]] = f[4]; rss[f[1]] = f[5] * 1024 / 1e6
    }
    failed = 0
    print ""
    if (("winnow-j1" in sec) && ("winnow-j2" in sec))
      printf "winnow -j 2 / -j 1 throughput: %.2fx\n", sec["winnow-j1"] / sec["winnow-j2"]
    ratio = sec["gumbo-parse"] / sec["winnow-j1"]
    printf "%s: winnow-j1 / gumbo-parse pages/s: %.3f (target >= 0.6): %s\n", corpus, ratio, verdict(ratio >= 0.6)
    if (kind == "readability") {
      printf "%s: winnow-j1 / gumbo-parse pages/s: %.3f (%.1f / %.1f; target >= 1.6): %s\n", corpus, ratio,
             pages / sec["winnow-j1"], pages / sec["gumbo-parse"], verdict(ratio >= 1.6)
      if ("base-j1" in sec) {
        ratio = sec["base-j1"] / sec["winnow-j1"]
        printf "%s: winnow-j1 / base-j1 pages/s: %.3f (%.1f / %.1f; target >= 2): %s\n", corpus, ratio,
               pages / sec["winnow-j1"], pages / sec["base-j1"], verdict(ratio >= 2)
      } else
        printf "%s: winnow-j1 / base-j1 pages/s: n/a (no base)\n", corpus
    }
    if (kind == "wcxb") {
      if ("no-prescan-j1" in sec) {
        ratio = sec["winnow-j1"] / sec["no-prescan-j1"]
        printf "%s: winnow-j1 / no-prescan-j1 seconds: %.3f (%.3f / %.3f; target <= 1.03): %s\n", corpus, ratio,
               sec["winnow-j1"], sec["no-prescan-j1"], verdict(ratio <= 1.03)
      } else
        printf "%s: winnow-j1 / no-prescan-j1 seconds: n/a (no --no-prescan)\n", corpus
    }
    if (differing != "")
      printf "%s: pages whose output differs with --no-prescan: %d of %d (target 0): %s\n", corpus, differing,
             pages, verdict(differing == 0)
    else
      printf "%s: pages whose output differs with --no-prescan: n/a (no --no-prescan)\n", corpus
    if (differing_base != "")
      printf "%s: pages whose output differs from base-j1: %d of %d (no target)\n", corpus, differing_base, pages
    if ("readability" in sec)
      printf "%s: winnow / readability throughput: %.1fx\n", corpus, sec["readability"] / sec["winnow-j1"]
    else if (kind == "readability")
      printf "%s: winnow / readability throughput: n/a (readability skipped)\n", corpus
    if ("base-j1" in sec) {
      limit = rss["base-j1"] * 1.05 + 1
      printf "%s: winnow-j1 peak RSS: %.1f MB, base-j1 %.1f MB (target <= %.1f MB, x 1.05 + 1 MB): %s\n", corpus,
             rss["winnow-j1"], rss["base-j1"], limit, verdict(rss["winnow-j1"] <= limit)
    } else
      printf "%s: winnow-j1 peak RSS against base-j1: n/a (no base)\n", corpus
    peak = rss["winnow-j1"] > rss["winnow-j2"] ? rss["winnow-j1"] : rss["winnow-j2"]
    printf "%s: winnow peak RSS: %.1f MB (target < 100 MB, -j 1 and -j 2): %s\n", corpus, peak, verdict(peak < 100)
    exit failed > 0
  }'
}

# measure_corpus readability|wcxb: every row and verdict of the current corpus; returns 1 when a
# target fails.
measure_corpus() {
  run_single_thread_rows
  compare_outputs
  run_two_threads
  if [[ $1 == readability ]]; then run_readability; fi
  print_table
  judge "$1"
}

build_binaries
build_base
detect_no_prescan
ensure_gnu_time
verdict=0

link_corpus_pages
use_corpus readability "$links"
measure_corpus readability || verdict=1

if [[ ${SKIP_WCXB:-0} == 1 ]]; then
  echo
  echo "wcxb-dev: skipped (SKIP_WCXB=1)"
elif [[ ! -d $wcxb/html ]]; then
  echo
  echo "wcxb-dev: skipped (corpus not found: $wcxb)"
else
  decompress_wcxb
  use_corpus wcxb-dev "$wcxb_html"
  measure_corpus wcxb || verdict=1
fi

if ((verdict != 0)) && [[ ${STRICT:-0} == 1 ]]; then
  exit 1
fi
exit 0
