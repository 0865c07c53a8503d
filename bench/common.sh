# Shared by bench/quality.sh and bench/speed.sh (sourced). Expects $repo, $build, $corpus, $links.

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
