#!/usr/bin/env bash
# Fuzzes winnow's parsers of hostile input with libFuzzer: builds the targets of tests/fuzz with
# Debian's clang (ASan + UBSan, in a build directory of their own), makes seed corpora from the
# repository's samples, runs each target for a while and prints a line per target. Crash inputs
# are left in BUILD/artifacts/<target>/; copy them to tests/fuzz/regressions/<target>/ (with a
# name saying what they break) to keep them as ctest tests (fuzz_replay_<target>).
#
#   tests/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 60 s, every target)
#
# Environment:
#   WINNOW_FUZZ_BUILD_DIR     the build directory (default: build-fuzz in the repository)
#   WINNOW_FUZZ_JOBS          targets fuzzed at once (default: 1)
#   WINNOW_FUZZ_BUILD_JOBS    compile jobs (default: 2)
#   WINNOW_FUZZ_EXTRA_CORPUS  more HTML pages for the cleaner's seeds (default:
#                             ../shared/corpus/readability when it exists; "" for none)
#   WINNOW_FUZZ_ARGS          more libFuzzer flags for every target (e.g. "-seed=1")
#   WINNOW_FUZZ_FRESH=1       start from the seeds alone: the corpus grown by earlier runs (kept in
#                             BUILD/corpus/) is dropped first, so a run costs the same every time (CI)
#   WINNOW_FUZZ_TIMEOUT       seconds one input may take before it counts as a failure (default: 2)
#   WINNOW_FUZZ_BUILD_ONLY=1  build the targets, fuzz nothing (scripts/test.sh builds them while
#                             the sanitizer tests run)
#
# Slow inputs are failures too: a parser that is linear takes milliseconds on the largest input a
# target gets (-max_len), so an input that takes seconds has found a superlinear path (the
# quadratic attribute check of Gumbo took 1.5 s at 256 KB). It is kept as a timeout-* artifact.
#
# Exit status: 0 when no target crashed, leaked, ran out of memory or timed out; 1 otherwise;
# 2 for a usage error.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
all_targets=(clean prescan charset robots sitemap feed url warc config)

seconds=${1:-60}
[ $# -gt 0 ] && shift
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: tests/fuzz.sh [SECONDS_PER_TARGET] [TARGET...] (targets: ${all_targets[*]})" >&2
  exit 2
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  if [[ " ${all_targets[*]} " != *" $target "* ]]; then
    echo "tests/fuzz.sh: unknown target '$target' (targets: ${all_targets[*]})" >&2
    exit 2
  fi
done

build=${WINNOW_FUZZ_BUILD_DIR:-$repo/build-fuzz}
jobs=${WINNOW_FUZZ_JOBS:-1}
started=$SECONDS

# Largest input per target: big enough for every structure the parser knows, small enough that
# each run is quick and the fuzzer explores. (The cleaner takes 64 MB; nothing it does needs more
# than a few pages' worth to show.)
max_len() {
  case $1 in
    clean) echo 262144 ;;
    prescan) echo 131072 ;;  # each input is cleaned twice and parsed four times
    sitemap | feed | warc) echo 131072 ;;
    charset | robots) echo 65536 ;;
    url | config) echo 20000 ;;
  esac
}

echo "== building the fuzz targets with clang in $build"
generator=()
[ -f "$build/CMakeCache.txt" ] || generator=(-G Ninja)
# -O1, as the sanitizer build and ASan's authors advise (-O2 cost a fifth more compile time, and
# ASan's checks, not the optimizer, bound the executions a second); -gline-tables-only:
# symbolized stack traces at a fraction of -g's compile time.
# -Wno-unknown-warning-option: clang need not hear about the project's GCC-only warning flags.
cmake -S "$repo" -B "$build" "${generator[@]}" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS=-Wno-unknown-warning-option \
  -DWINNOW_FUZZ=ON -DWINNOW_TESTS=OFF -DWINNOW_SHARED=OFF >/dev/null
build_targets=()
for target in "${targets[@]}"; do build_targets+=("fuzz_$target"); done
mkdir -p "$build/logs"
if ! cmake --build "$build" -j "${WINNOW_FUZZ_BUILD_JOBS:-2}" --target "${build_targets[@]}" >"$build/logs/build.log" 2>&1; then
  tail -n 40 "$build/logs/build.log" >&2
  echo "tests/fuzz.sh: the build failed (log: $build/logs/build.log)" >&2
  exit 1
fi
build_seconds=$((SECONDS - started))
if [ "${WINNOW_FUZZ_BUILD_ONLY:-0}" = 1 ]; then
  echo "built the fuzz targets in $build_seconds s"
  exit 0
fi

echo "== seed corpora"
bash "$repo/tests/fuzz/make_corpus.sh" "$build/seeds" "${targets[@]}"

# Runs one target; its log and exit status go to BUILD/logs/<target>.{log,rc}.
run_target() {
  local target=$1
  local corpus=$build/corpus/$target artifacts=$build/artifacts/$target log=$build/logs/$target.log
  local dict=$repo/tests/fuzz/dicts/$target.dict flags=()
  [ "${WINNOW_FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  [ -f "$dict" ] && flags+=("-dict=$dict")
  touch "$build/logs/$target.start"
  local rc=0
  # New inputs go to the first folder (kept between runs); the seeds are only read.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="${WINNOW_FUZZ_TIMEOUT:-2}" \
    -report_slow_units=1 -max_len="$(max_len "$target")" -print_final_stats=1 -artifact_prefix="$artifacts/" "${flags[@]}" \
    ${WINNOW_FUZZ_ARGS:-} "$corpus" "$build/seeds/$target" >"$log" 2>&1 || rc=$?
  echo "$rc" >"$build/logs/$target.rc"
}

echo "== fuzzing ${targets[*]}: $seconds s each, $jobs at a time"
fuzz_started=$SECONDS
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_target "$target" &
done
wait

# The last value of "KEY: VALUE" in libFuzzer's status lines, or "?".
last_stat() {
  grep -oE "$1: [0-9]+(/[0-9]+[a-zA-Z]*)?" "$2" | tail -n 1 | sed "s/^$1: //" | grep . || echo "?"
}
final_stat() {
  sed -n "s/^stat::$1: *//p" "$2" | tail -n 1 | grep . || echo "?"
}

failed=0
printf '%-8s %12s %8s %7s %8s %14s %8s %8s\n' target execs exec/s cov ft corpus slowest crashes
for target in "${targets[@]}"; do
  log=$build/logs/$target.log
  rc=$(cat "$build/logs/$target.rc")
  mapfile -t found < <(find "$build/artifacts/$target" -maxdepth 1 -type f \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) -newer "$build/logs/$target.start" | sort)
  printf '%-8s %12s %8s %7s %8s %14s %8s %8s\n' "$target" "$(final_stat number_of_executed_units "$log")" \
    "$(final_stat average_exec_per_sec "$log")" "$(last_stat cov "$log")" "$(last_stat ft "$log")" \
    "$(last_stat corp "$log")" "$(final_stat slowest_unit_time_sec "$log")s" "${#found[@]}"
  if [ "$rc" -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
    failed=1
    echo "  FAILED (exit $rc): $(grep -m1 -E 'fuzz invariant broken|runtime error:|^==[0-9]+== ?ERROR|^SUMMARY' "$log" || echo 'see the log')"
    for input in "${found[@]}"; do echo "  input: $input"; done
    echo "  log:   $log"
  fi
done
echo "fuzzing took $((SECONDS - fuzz_started)) s, building $build_seconds s; corpora in $build/corpus"
exit $failed
