#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the repository's own files (samples/, the demo
# site, config/example.toml, tests/fuzz/seeds/) and, for the cleaner, an optional folder of more
# pages (../shared/corpus/readability when it exists). Only reads the repository: the seeds go
# to OUT_DIR/<target>/, which is emptied first.
#
#   tests/fuzz/make_corpus.sh OUT_DIR [TARGET...]
#
# WINNOW_FUZZ_EXTRA_CORPUS: a folder searched for *.html pages for the cleaner ("" for none).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: make_corpus.sh OUT_DIR [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(clean prescan charset robots sitemap feed url warc config)
extra=${WINNOW_FUZZ_EXTRA_CORPUS-$repo/../shared/corpus/readability}
samples=$repo/samples
site=$samples/site
# The demo site's feeds and sitemaps name their host as a placeholder the site server fills in.
origin=https://example.com

add_seeds() {  # the hand-written seeds of a target
  local dir=$repo/tests/fuzz/seeds/$1
  [ -d "$dir" ] && cp "$dir"/* "$out/$1/"
  return 0
}

site_file() {  # FILE DEST: a demo site file with its origin filled in, gzip kept
  if [[ $1 == *.gz ]]; then
    gzip -dc "$1" | sed "s|{{ORIGIN}}|$origin|g" | gzip -nc >"$2"
  else
    sed "s|{{ORIGIN}}|$origin|g" "$1" >"$2"
  fi
}

html_pages() {  # every HTML page of the repository, one path a line
  ls "$samples"/*.html
  find "$site" -name '*.html' | sort
}

seed_clean() {
  seed_clean_into "$out/clean"
  add_seeds clean
}

seed_clean_into() {  # DIR: every page of the repository, and the extra corpus
  local dir=$1 page
  mkdir -p "$dir"
  while read -r page; do
    cp "$page" "$dir/$(echo "${page#"$repo"/}" | tr / _)"
  done < <(html_pages)
  for page in "$samples"/*.html.gz; do
    gzip -dc "$page" >"$dir/$(basename "$page" .gz)"
  done
  if [ -n "$extra" ] && [ -d "$extra" ]; then
    find "$extra" -name '*.html' | sort | while read -r page; do
      cp "$page" "$dir/extra_$(echo "${page#"$extra"/}" | tr / _)"
    done
  fi
}

seed_prescan() {  # the cleaner's pages, and the tokenizer cases of the prescan's own seeds
  seed_clean_into "$out/prescan"
  add_seeds prescan
}

seed_charset() {
  # Each page behind a Content-Type line (charset_fuzz.cc's input layout), the charsets taken in
  # turn, so declared and actual encodings meet in every combination the samples allow.
  local types=("text/html; charset=utf-8" "text/html; charset=ISO-8859-1" 'text/html;charset="euc-kr"'
               "text/html; charset=shift_jis" "text/html; charset=gb2312" "text/html; charset=windows-1251"
               "text/html; charset=utf-16le" "text/html; charset=x-bogus" "text/html" "")
  local i=0 page
  for page in "$samples"/*.html; do
    { printf '%s\n' "${types[i % ${#types[@]}]}"; head -c 16384 "$page"; } >"$out/charset/$(basename "$page")"
    i=$((i + 1))
  done
  add_seeds charset
}

seed_robots() {
  site_file "$site/robots.txt" "$out/robots/site-robots.txt"
  add_seeds robots
}

seed_sitemap() {
  local file
  for file in "$site"/sitemap*.xml* "$site"/feed.xml "$site"/feed.atom; do
    site_file "$file" "$out/sitemap/$(basename "$file")"
  done
  add_seeds sitemap
}

seed_feed() {
  local file
  for file in "$site"/feed.*; do
    site_file "$file" "$out/feed/$(basename "$file")"
  done
  site_file "$site/feed.xml" "$out/feed/feed.xml.tmp" && gzip -nc "$out/feed/feed.xml.tmp" >"$out/feed/feed.xml.gz"
  rm -f "$out/feed/feed.xml.tmp"
  add_seeds feed
}

seed_url() {
  # The samples' hrefs as links of a page, every third one under a <base href> (url_fuzz.cc's
  # layout: page URL, base href, href, one a line).
  local bases=("" "/base/dir/" "https://cdn.example.org/assets/") i=0 href
  while IFS= read -r href; do
    printf 'https://example.com/news/2026/03/story.html?id=7\n%s\n%s' "${bases[i % 3]}" "$href" >"$out/url/href-$i"
    i=$((i + 1))
  done < <(html_pages | xargs grep -ohE 'href="[^"]{1,400}"' | sed 's/^href="//; s/"$//' | sort -u | head -n 400)
  add_seeds url
}

seed_warc() {
  add_seeds warc
}

seed_config() {
  cp "$repo/config/example.toml" "$out/config/example.toml"
  add_seeds config
}

for target in "${targets[@]}"; do
  rm -rf "${out:?}/$target"
  mkdir -p "$out/$target"
  "seed_$target"
  chmod -R u+w "$out/$target"  # copies of read-only sources stay read-only otherwise
done
