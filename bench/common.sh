# Shared by the benchmarks (sourced). Expects $repo and $build; the corpus ones also $corpus and
# $links; the crawl ones $out and a die function.

# Configures BUILD_DIR as Release; a fresh folder gets Ninja and no unit tests (faster).
configure_build() {
  if [[ -f $build/CMakeCache.txt ]]; then
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  else
    cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_TESTS=OFF >/dev/null
  fi
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
