#!/usr/bin/env bash
# The README's second command: installs the build and test packages (scripts/install-deps.sh
# --tests), builds winnow twice (optimized with GCC, and with AddressSanitizer +
# UndefinedBehaviorSanitizer with clang) and runs the tests in both: unit tests, CLI tests and the samples
# regression check (`winnow check samples`). Then fuzzes each parser of hostile input for 8 s
# (tests/fuzz.sh, a clang build of its own). The sanitizer build leaves out the kill test of
# chaos_test.sh, the install tests and the test server's own test (tests/CMakeLists.txt says why).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --tests
jobs=$(nproc 2>/dev/null || echo 2)

# Most test time is spent waiting (servers that stall on purpose, recrawl intervals, timeouts,
# PostgreSQL starting), not computing, so twice as many tests as cores run at once. (Three times
# as many gained 10 s, and the timing of tests under valgrind suffered.)
test_jobs=$((jobs * 2))

step() { printf '== %s (at %dm%02ds)\n' "$1" $((SECONDS / 60)) $((SECONDS % 60)); }

# The tests leave a core idle for a good part of their run (they wait on servers and timers), so
# the next build runs beside them, at the lowest CPU priority: it takes what the tests leave and
# slows them by little (CFS gives a nice-19 process 1/70 of a busy core). Its output goes to a
# log, shown when it fails.
background=""
trap '[[ -n $background ]] && kill -- -"$background" 2>/dev/null; true' EXIT
build_in_background() {  # LOG COMMAND...
  local log=$1; shift
  set -m  # its own process group, so that the trap stops the compilers too
  (renice -n 19 -p "$BASHPID" >/dev/null && "$@") >"$log" 2>&1 &
  background=$!
  set +m
}
wait_for_background() {  # LOG
  if ! wait "$background"; then
    background=""
    tail -n 60 "$1" >&2
    echo "scripts/test.sh: the build beside the tests failed (log: $1)" >&2
    exit 1
  fi
  background=""
}

configure_and_build() {  # DIR CMAKE_ARGS...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}
run_tests() { ctest --test-dir "$1" --output-on-failure -j "$test_jobs"; }

mkdir -p build-logs
# Each stage's unit tests run as one ctest test in both builds (WINNOW_CTEST_PER_CASE=OFF): a
# process per test case costs 600 process starts, and under ASan 0.3-0.5 s of CPU each. (A
# developer's build keeps one ctest test per case, for `ctest -R`.)
step "optimized build"
configure_and_build build -DCMAKE_BUILD_TYPE=Release -DWINNOW_TESTS=ON -DWINNOW_CTEST_PER_CASE=OFF

step "optimized tests; beside them, the AddressSanitizer + UBSan build (clang)"
# clang, which compiles this build in two thirds of GCC's CPU time (471 s against 720 s here) and
# adds a second compiler's warnings; the optimized build above is GCC's, as installed.
# -O1, as ASan's authors advise, and line tables only: enough for symbolized stack traces.
# The benchmarks' helpers are built (and so kept compiling) by the optimized build only.
# Not position-independent: every test is a process, and an instrumented PIE binary spends a
# third of its start-up relocating itself.
CC=clang CXX=clang++ build_in_background build-logs/asan-build.log configure_and_build build-asan \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DWINNOW_TESTS=ON -DWINNOW_SANITIZE=ON -DWINNOW_BENCH=OFF -DWINNOW_CTEST_PER_CASE=OFF -DWINNOW_SHARED=OFF \
  -DCMAKE_CXX_FLAGS="-fno-pie -Wno-unknown-warning-option" -DCMAKE_C_FLAGS=-fno-pie -DCMAKE_EXE_LINKER_FLAGS=-no-pie
run_tests build
step "the rest of the sanitizer build"
wait_for_background build-logs/asan-build.log
tail -n 1 build-logs/asan-build.log

# 8 s a target keeps the whole run under 15 minutes on 2 cores; longer runs are for by hand
# (tests/fuzz.sh 600).
export WINNOW_FUZZ_FRESH=1 WINNOW_FUZZ_JOBS=$jobs WINNOW_FUZZ_BUILD_JOBS=$jobs
step "sanitizer tests; beside them, the fuzz targets' build"
WINNOW_FUZZ_BUILD_ONLY=1 build_in_background build-logs/fuzz-build.log bash tests/fuzz.sh 8
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_tests build-asan
step "fuzzing: 8 s a target"
wait_for_background build-logs/fuzz-build.log
bash tests/fuzz.sh 8
step "done"
