# Shared by the benchmarks (sourced). Expects $repo and $build; the corpus ones also $corpus and
# $links; the crawl ones $out and a die function; build_winnow_at a die function.

# configure_build [SOURCE BUILD]: configures BUILD (default: $build, from $repo) as Release; a
# fresh folder gets Ninja, no unit tests and ccache when there is one (faster; speed.sh builds a
# second tree, its base commit, that mostly shares this one's sources).
# shellcheck disable=SC2120  # SOURCE and BUILD are optional
configure_build() {
  local source=${1:-$repo} folder=${2:-$build}
  if [[ -f $folder/CMakeCache.txt ]]; then
    cmake -S "$source" -B "$folder" -DCMAKE_BUILD_TYPE=Release >/dev/null
  else
    local launcher=()
    command -v ccache >/dev/null &&
      launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$source" -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_TESTS=OFF \
      "${launcher[@]}" >/dev/null
  fi
}

# build_winnow_at COMMIT: the winnow of an older commit, for a benchmark to run beside this
# build in the same minutes: built once in a detached git worktree, bench/out/base/<commit>/src,
# into .../build, and reused. Sets commit_winnow and commit_label. Expects $repo and die.
build_winnow_at() {
  local commit=$1 hash dir log
  hash=$(git -C "$repo" rev-parse --verify --quiet "$commit^{commit}") ||
    die "no commit '$commit' in $repo"
  dir=$repo/bench/out/base/${hash:0:12}
  log=$dir/build.log
  commit_winnow=$dir/build/app/winnow
  commit_label="$commit (${hash:0:12})"
  # built is written only once a build succeeded: an interrupted one is finished, not reused.
  [[ -x $commit_winnow && -f $dir/built ]] && return 0
  echo "bench: building winnow at $commit_label in $dir (minutes the first time; log: $log)"
  mkdir -p "$dir"
  if [[ ! -f $dir/src/CMakeLists.txt ]]; then
    rm -rf "$dir/src"
    # --force: a worktree folder removed by hand (rm -rf bench/out) is still registered, and git
    # refuses its path without it.
    git -C "$repo" worktree add --quiet --force --detach "$dir/src" "$hash" >"$log" 2>&1 ||
      { cat "$log" >&2; die "cannot add a worktree of $commit in $dir/src"; }
  fi
  configure_build "$dir/src" "$dir/build" || die "cmake configure failed in $dir/build"
  cmake --build "$dir/build" --target winnow -j2 >>"$log" 2>&1 ||
    { tail -n 40 "$log" >&2; die "building winnow at $commit failed (see $log)"; }
  touch "$dir/built"
}

# Every corpus input is named source.html, so winnow would write one output name 130 times:
# link each page as <page folder>.html instead.
link_corpus_pages() {
  rm -rf "$links"
  mkdir -p "$links"
  local dir
  for dir in "$corpus"/*/; do
    dir=${dir%/}
    [[ -f $dir/source.html ]] && ln -s "$dir/source.html" "$links/$(basename "$dir").html"
  done
  return 0
}

# run_timed PREFIX CMD...: runs CMD under GNU time (/usr/bin/time -v), its output in PREFIX.stdout,
# PREFIX.stderr and PREFIX.time. Sets timed_rc, timed_wall (seconds), timed_cpu (user + system
# seconds) and timed_rss_kb (peak resident set).
# shellcheck disable=SC2034  # the timed_ variables are the caller's results
run_timed() {
  local prefix=$1
  shift
  timed_rc=0
  /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.stdout" 2>"$prefix.stderr" || timed_rc=$?
  timed_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
                 for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$prefix.time")
  timed_cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s + 0 }' "$prefix.time")
  timed_rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$prefix.time")
}

# process_cpu_seconds PID: user + system CPU seconds a running process has used so far, all its
# threads included (for a server that runs beside the measured client).
process_cpu_seconds() {
  # The fields after the command name, which is in parentheses and may hold spaces.
  local stat
  stat=$(cat "/proc/$1/stat") || return 1
  awk -v ticks="$(getconf CLK_TCK)" '{ print ($12 + $13) / ticks }' <<<"${stat##*) }"
}

# The crawl benchmarks' binaries: WINNOW and SITE_SERVER when both are given, else built in
# $build (log in $out/build.log). Sets winnow and site_server.
winnow_and_site_server() {
  if [[ -z ${WINNOW:-} || -z ${SITE_SERVER:-} ]]; then
    configure_build || die "cmake configure failed in $build"
    cmake --build "$build" --target winnow site_server -j2 >"$out/build.log" 2>&1 ||
      { tail -n 30 "$out/build.log" >&2; die "build failed"; }
  fi
  winnow=${WINNOW:-$build/app/winnow}
  site_server=${SITE_SERVER:-$build/tests/site_server}
}

# The local site a crawl benchmark started, in server_pid: stopped (on EXIT too, by trap).
server_pid=
stop_server() {
  [[ -n $server_pid ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
