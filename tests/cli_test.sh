#!/usr/bin/env bash
# End-to-end tests of the `winnow` command line (DESIGN.md's contract).
# Usage: tests/cli_test.sh path/to/winnow [inputs|commands|all]
#   inputs: basics, formats, --out and hostile inputs; commands: URLs, fetch, stores, cleaner
#   options, site rules, --articles-only, check and the guards; all (the default): both. ctest
#   runs the two halves as two tests, at once: under ASan the whole took two and a half minutes.
set -u

part=${2:-all}
if [[ $# -lt 1 || $# -gt 2 || ! -x $1 || ! $part =~ ^(inputs|commands|all)$ ]]; then
  echo "usage: $0 path/to/winnow [inputs|commands|all]" >&2
  exit 2
fi
winnow=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Runs winnow under a timeout; stdout in $out, stderr in $err (and $tmp/err), exit code in $rc.
limit=120
run() {
  timeout "$limit" "$winnow" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}
# Like run, with stdin from the file $1.
run_stdin() {
  local input=$1
  shift
  timeout "$limit" "$winnow" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}
is_json() { python3 -c 'import json,sys; json.load(sys.stdin)' <"$1" 2>/dev/null; }
is_json_lines() {
  python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]; sys.exit(0)' <"$1" 2>/dev/null
}
is_utf8() { python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' <"$1" 2>/dev/null; }
json_field() {  # FILE FIELD: the field's value, empty when absent
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"
}

# An article page: title, byline, a few real paragraphs, plus navigation and footer boilerplate.
# $1: file, $2: a word placed in every paragraph so pages can be told apart.
make_page() {
  local marker=$2
  cat >"$1" <<EOF
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Winnow Test Article</title></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
<article>
<h1>Winnow Test Article</h1>
<p>The quick brown fox jumps over the lazy dog while the $marker farmer watches from the porch,
wondering whether the fence will ever be repaired before the long and rainy winter arrives.</p>
<p>Meanwhile the $marker villagers gathered in the square to discuss the harvest, the price of
grain at the market, and the new school that the council had promised to build next spring.</p>
<p>By evening the $marker storm had passed, leaving puddles in the lanes and a fresh smell of wet
earth, and the children ran outside to splash in the water until their parents called them in.</p>
</article>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> Copyright 2024</footer>
</body></html>
EOF
}

# A listing (a content index): a grid of teaser cards, each a linked headline and one short
# teaser, under the site's navigation. $1: file.
make_listing() {
  {
    cat <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Latest stories from the valley</title></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
<main><h1>Latest stories from the valley</h1><div class="grid">
EOF
    local topics=(harvest ferry school bridge market library orchard festival)
    local n=0
    for topic in "${topics[@]}"; do
      n=$((n + 1))
      cat <<EOF
<div class="card"><h3><a href="/valley/story-$n.html">The $topic plan moves ahead after a long debate</a></h3>
<p>Residents weigh in on the $topic and what it means for the valley.</p></div>
EOF
    done
    cat <<'EOF'
</div></main>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> Copyright 2024</footer>
</body></html>
EOF
  } >"$1"
}

sentence="The quick brown fox jumps over the lazy dog"
make_page "$tmp/page.html" alpha
make_listing "$tmp/listing.html"

if [[ $part != commands ]]; then
# --- basics -------------------------------------------------------------------------------------
run --version
expect_exit "--version exits 0" 0 "$rc"
expect_contains "--version prints the name" "$out" "winnow "
run --help
expect_exit "--help exits 0" 0 "$rc"
expect_contains "--help lists clean" "$out" "clean"
expect_contains "--help lists check" "$out" "check"
run
expect_exit "no subcommand is a usage error" 2 "$rc"
run clena "$tmp/page.html"
expect_exit "a misspelt command is a usage error" 2 "$rc"
expect_contains "a misspelt command: the nearest one named" "$err" "did you mean 'clean'?"
expect_eq "a misspelt command: nothing on stdout" "" "$out"
run clean --format xml "$tmp/page.html"
expect_exit "unknown --format is a usage error" 2 "$rc"
run clean -j 0 "$tmp/page.html"
expect_exit "-j 0 is a usage error" 2 "$rc"
run clean --url https://example.com/ "$tmp/page.html" "$tmp/page.html"
expect_exit "--url with two inputs is a usage error" 2 "$rc"

# --- formats ------------------------------------------------------------------------------------
run clean "$tmp/page.html"
expect_exit "text: exit 0" 0 "$rc"
expect_contains "text: article sentence" "$out" "$sentence"
expect_not_contains "text: no footer boilerplate" "$out" "Copyright 2024"
expect_eq "text: stderr is empty" "" "$err"

run clean --format json "$tmp/page.html"
expect_exit "json: exit 0" 0 "$rc"
if is_json "$tmp/out"; then pass "json: valid JSON"; else fail "json: valid JSON" "${out:0:200}"; fi
cp "$tmp/out" "$tmp/page.json"
expect_eq "json: title" "Winnow Test Article" "$(json_field "$tmp/page.json" title)"
expect_contains "json: text" "$(json_field "$tmp/page.json" text)" "$sentence"
expect_eq "json: content_hash is SHA-256 hex" 64 "$(json_field "$tmp/page.json" content_hash | tr -d '\n' | wc -c)"
word_count=$(json_field "$tmp/page.json" word_count)
if [[ $word_count -gt 40 ]]; then pass "json: word_count"; else fail "json: word_count" "got $word_count"; fi
expect_eq "json: is_article true for a story" "True" "$(json_field "$tmp/page.json" is_article)"
expect_eq "json: page_type article for a story" "article" "$(json_field "$tmp/page.json" page_type)"
expect_eq "json: page_type comes right before is_article" "page_type is_article" \
  "$(python3 -c 'import json,sys; k=list(json.load(open(sys.argv[1]))); i=k.index("page_type"); print(*k[i:i+2])' "$tmp/page.json")"
run clean --format json "$repo/samples/13-section-front.html"
expect_eq "json: is_article false for a section front" "False" "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["is_article"])' "$out")"
expect_eq "json: page_type listing for a section front" "listing" "$(json_field "$tmp/out" page_type)"
run clean --format json "$tmp/listing.html"
expect_eq "json: page_type listing for a grid of teaser cards" "listing" "$(json_field "$tmp/out" page_type)"
expect_eq "json: is_article false for a grid of teaser cards" "False" "$(json_field "$tmp/out" is_article)"

run clean --format markdown "$tmp/page.html"
expect_exit "markdown: exit 0" 0 "$rc"
expect_eq "markdown: starts with the title" "# Winnow Test Article" "$(head -n 1 "$tmp/out")"
expect_contains "markdown: article sentence" "$out" "$sentence"

run_stdin "$tmp/page.html" clean -
expect_exit "stdin: exit 0" 0 "$rc"
expect_contains "stdin: article sentence" "$out" "$sentence"

run_stdin "$tmp/page.html" clean --format json --url https://news.example.org/2024/story.html -
expect_exit "--url: exit 0" 0 "$rc"
expect_eq "--url: url field" "https://news.example.org/2024/story.html" "$(json_field "$tmp/out" url)"
expect_eq "--url: hostname field" "news.example.org" "$(json_field "$tmp/out" hostname)"

make_page "$tmp/second.html" beta
run clean --format json "$tmp/page.html" "$tmp/second.html"
expect_exit "two inputs json: exit 0" 0 "$rc"
expect_eq "two inputs json: two lines" 2 "$(wc -l <"$tmp/out")"
if is_json_lines "$tmp/out"; then pass "two inputs json: JSON Lines"; else fail "two inputs json: JSON Lines"; fi
expect_contains "two inputs json: input order" "$(head -n 1 "$tmp/out")" "alpha"
expect_contains "two inputs json: input order (2)" "$(tail -n 1 "$tmp/out")" "beta"

# --- --out --------------------------------------------------------------------------------------
mkdir -p "$tmp/in"
make_page "$tmp/in/one.html" one
make_page "$tmp/in/two.htm" two
make_page "$tmp/in/three.html" three
gzip -c "$tmp/in/three.html" >"$tmp/in/three.html.gz" && rm "$tmp/in/three.html"
run clean --format json --out "$tmp/out-json/nested" "$tmp/in/one.html" "$tmp/in/two.htm" "$tmp/in/three.html.gz"
expect_exit "--out: exit 0" 0 "$rc"
expect_eq "--out: nothing on stdout" "" "$out"
for name in one two three; do
  expect_file "--out: $name.json" "$tmp/out-json/nested/$name.json"
  if is_json "$tmp/out-json/nested/$name.json"; then pass "--out: $name.json is JSON"; else fail "--out: $name.json is JSON"; fi
done
expect_contains "--out: gzip input decoded" "$(cat "$tmp/out-json/nested/three.json" 2>/dev/null)" "three"
expect_eq "--out: no temporary files left" "" "$(find "$tmp/out-json" -name '*.tmp')"

for n in 1 2 3 4 5 6; do make_page "$tmp/in/many$n.html" "many$n"; done
run clean --format markdown -j 1 --out "$tmp/j1" "$tmp"/in/many*.html "$tmp/in/one.html"
rc1=$rc
run clean --format markdown -j 2 --out "$tmp/j2" "$tmp"/in/many*.html "$tmp/in/one.html"
expect_eq "-j 1 and -j 2: both exit 0" "0 0" "$rc1 $rc"
expect_file "-j: markdown extension" "$tmp/j2/many1.md"
if diff -r "$tmp/j1" "$tmp/j2" >/dev/null; then pass "-j 1 and -j 2: identical files"; else fail "-j 1 and -j 2: identical files"; fi
timeout "$limit" "$winnow" clean -j 1 "$tmp"/in/many*.html >"$tmp/seq.txt" 2>/dev/null
timeout "$limit" "$winnow" clean -j 2 "$tmp"/in/many*.html >"$tmp/par.txt" 2>/dev/null
if cmp -s "$tmp/seq.txt" "$tmp/par.txt"; then pass "-j 2 stdout keeps input order"; else fail "-j 2 stdout keeps input order"; fi

mkdir -p "$tmp/d1" "$tmp/d2"
make_page "$tmp/d1/page.html" first
make_page "$tmp/d2/page.html" second
run clean --out "$tmp/dups" "$tmp/d1/page.html" "$tmp/d2/page.html"
expect_exit "duplicate names: exit 0" 0 "$rc"
expect_contains "duplicate names: first keeps the name" "$(cat "$tmp/dups/page.txt" 2>/dev/null)" "first"
expect_contains "duplicate names: second gets -2" "$(cat "$tmp/dups/page-2.txt" 2>/dev/null)" "second"

run clean --out "$tmp/partial" "$tmp/in/one.html" "$tmp/in/missing.html" "$tmp/in/two.htm"
expect_exit "missing file: exit 1" 1 "$rc"
expect_contains "missing file: named on stderr" "$err" "missing.html"
expect_file "missing file: earlier input still written" "$tmp/partial/one.txt"
expect_file "missing file: later input still written" "$tmp/partial/two.txt"

echo "not a directory" >"$tmp/afile"
run clean --out "$tmp/afile/sub" "$tmp/in/one.html"
expect_exit "unwritable --out: exit 1" 1 "$rc"
expect_contains "unwritable --out: clear message" "$err" "cannot write to $tmp/afile/sub"

# --- hostile inputs -----------------------------------------------------------------------------
: >"$tmp/empty.html"
run clean "$tmp/empty.html"
expect_exit "empty file: exit 0" 0 "$rc"
expect_eq "empty file: no text" "" "$out"
run clean --format json "$tmp/empty.html"
if is_json "$tmp/out"; then pass "empty file: valid JSON"; else fail "empty file: valid JSON" "${out:0:200}"; fi

head -c 200000 /dev/urandom >"$tmp/garbage.bin"
run clean --format json "$tmp/garbage.bin"
expect_no_crash "binary garbage: no crash" "$rc"

printf '<html><body><article><p>Caf\xe9 au lait \xff\xfe and \xc3\x28 broken bytes, with enough words around them to look like a real paragraph of text.</p></article></body></html>' >"$tmp/bad-utf8.html"
run clean "$tmp/bad-utf8.html"
expect_no_crash "invalid UTF-8: no crash" "$rc"
if is_utf8 "$tmp/out"; then pass "invalid UTF-8: text output is UTF-8"; else fail "invalid UTF-8: text output is UTF-8"; fi
run clean --format json "$tmp/bad-utf8.html"
if is_json "$tmp/out" && is_utf8 "$tmp/out"; then pass "invalid UTF-8: JSON output valid"; else fail "invalid UTF-8: JSON output valid"; fi

python3 - "$tmp/big.html" <<'EOF'
import sys
paragraph = ("<p>This is a long paragraph of ordinary prose that repeats many times, so that the "
             "page grows to twenty megabytes and the cleaner must cope with a very large input.</p>\n")
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Big</title></head><body><article>\n")
    f.write(paragraph * (20 * 1024 * 1024 // len(paragraph)))
    f.write("</article></body></html>\n")
EOF
limit=300
# With the guards off, so that big input itself is what is tested: 20 MB, twice what a fetch takes
# (50 MB cost 37 s of the ASan build's CPU and showed nothing more).
run clean --format json --max-elements 0 --time-budget 0 --out "$tmp/big-out" "$tmp/big.html"
limit=120
expect_exit "20 MB page: finishes with exit 0" 0 "$rc"
expect_file "20 MB page: output written" "$tmp/big-out/big.json"
rm -f "$tmp/big.html" "$tmp/big-out/big.json"

python3 -c 'import sys; n=100000; sys.stdout.write("<html><body>" + "<div>"*n + "<p>deep text</p>" + "</div>"*n + "</body></html>")' >"$tmp/deep.html"
run clean "$tmp/deep.html"
expect_no_crash "100 000 nested divs: no crash" "$rc"

# --- inputs: stdin by default, directories, --list -----------------------------------------------
run_stdin "$tmp/page.html" clean
expect_exit "no input, stdin a pipe: reads it, exit 0" 0 "$rc"
expect_contains "no input, stdin a pipe: the page's text" "$out" "$sentence"
run_stdin "$tmp/page.html" clean --format json --url https://news.example/piped
expect_eq "no input, stdin a pipe, with --url: the page's URL" "https://news.example/piped" "$(json_field "$tmp/out" url)"
# With a terminal on stdin there is nothing to wait for: a usage error that says what to give.
TERM=dumb timeout "$limit" script -qec "'$winnow' clean" /dev/null >"$tmp/tty.out" 2>&1 </dev/null
expect_exit "no input, stdin a terminal: exit 2" 2 "$?"
expect_contains "no input, stdin a terminal: says what to give" "$(cat "$tmp/tty.out")" "no inputs: give HTML files, directories"

mkdir -p "$tmp/site/news/2024" "$tmp/site/empty" "$tmp/site/assets"
make_page "$tmp/site/index.html" siteindex
make_page "$tmp/site/news/2024/story.htm" sitestory
make_page "$tmp/site/news/feature.xhtml" sitefeature
make_page "$tmp/site/news/old.html" siteold
gzip -f "$tmp/site/news/old.html"
echo "body { color: red }" >"$tmp/site/assets/style.css"
echo "not a page" >"$tmp/site/notes.txt"
ln -s .. "$tmp/site/news/loop"           # a link loop: never followed
ln -s "$tmp/site" "$tmp/site/assets/up"  # another
run clean --format json "$tmp/site"
expect_exit "directory: exit 0" 0 "$rc"
expect_eq "directory: its four pages, recursively, one JSON line each" 4 "$(wc -l <"$tmp/out")"
expect_eq "directory: sorted by path; .gz, .htm and .xhtml read; .css and .txt not" \
  "siteindex sitestory sitefeature siteold" \
  "$(python3 -c 'import json,sys
order=[]
for l in open(sys.argv[1]):
    t=json.loads(l)["text"]
    order.append(next(w for w in ("siteindex","siteold","sitestory","sitefeature") if w in t))
print(*order)' "$tmp/out" 2>&1)"
expect_eq "directory: each record names its file as source" \
  "$tmp/site/index.html $tmp/site/news/2024/story.htm $tmp/site/news/feature.xhtml $tmp/site/news/old.html.gz" \
  "$(python3 -c 'import json,sys; print(*sorted(json.loads(l)["source"] for l in open(sys.argv[1])))' "$tmp/out" 2>&1)"
run clean --format json --url https://news.example/x "$tmp/page.html"
expect_eq "a record with a URL has no source" "" "$(json_field "$tmp/out" source)"
run clean "$tmp/site/empty"
expect_exit "directory without pages: exit 1" 1 "$rc"
expect_contains "directory without pages: says so" "$err" "site/empty: no .html, .htm, .xhtml or .gz files"

run clean --out "$tmp/site-out" "$tmp/site" "$tmp/page.html"
expect_exit "directory --out: exit 0" 0 "$rc"
expect_eq "directory --out: paths below the directory kept, files by their name" \
  "index.txt news/2024/story.txt news/feature.txt news/old.txt page.txt" \
  "$(cd "$tmp/site-out" 2>/dev/null && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')"
expect_contains "directory --out: the nested page's text" "$(cat "$tmp/site-out/news/2024/story.txt" 2>/dev/null)" "sitestory"
make_page "$tmp/site/index.htm" siteindex2
run clean --out "$tmp/site-out2" "$tmp/site"
expect_eq "directory --out: a clash still gets -2" "index-2.txt index.txt" \
  "$(cd "$tmp/site-out2" 2>/dev/null && ls index*.txt | tr '\n' ' ' | sed 's/ $//')"
rm "$tmp/site/index.htm"

printf '# pages to clean\n\n%s\n%s\thttps://news.example/2024/story\n  # indented comment\n%s\n' \
  "$tmp/page.html" "$tmp/second.html" "$tmp/site/news" >"$tmp/list.txt"
run clean --format json --list "$tmp/list.txt"
expect_exit "--list: exit 0" 0 "$rc"
expect_eq "--list: its inputs in order, the directory's pages too" 5 "$(wc -l <"$tmp/out")"
expect_eq "--list: the URL after a TAB is that page's URL, the others have none" \
  " https://news.example/2024/story   " \
  "$(python3 -c 'import json,sys; print(*[json.loads(l).get("url","") for l in open(sys.argv[1])], sep=" ")' "$tmp/out" 2>&1)"
expect_eq "--list: hostname from the TAB URL" "news.example" \
  "$(sed -n 2p "$tmp/out" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("hostname",""))')"
printf '%s\tnot-a-url\n' "$tmp/page.html" >"$tmp/bad-list.txt"
run clean --list "$tmp/bad-list.txt"
expect_exit "--list with a bad URL column: exit 2" 2 "$rc"
expect_contains "--list with a bad URL column: names file and line" "$err" "bad-list.txt:1: after the TAB comes the page's http(s) URL"
run clean --list "$tmp/no-such-list.txt"
expect_exit "--list missing: exit 2" 2 "$rc"
expect_eq "--list missing: the file and why" "winnow: --list $tmp/no-such-list.txt: No such file or directory" "$err"
printf '%s\n' "$tmp/page.html" | timeout "$limit" "$winnow" clean --list - >"$tmp/out" 2>"$tmp/err"
expect_exit "--list -: reads the list from stdin" 0 "$?"
expect_contains "--list -: the page's text" "$(cat "$tmp/out")" "$sentence"

# --- separators between pages on stdout ----------------------------------------------------------
run clean "$tmp/page.html" "$tmp/empty.html" "$tmp/second.html"
expect_exit "three texts: exit 0" 0 "$rc"
expect_eq "three texts: split on form-feed lines, one part a page (an empty one too)" "3 alpha - beta" \
  "$(python3 -c 'import sys
parts=open(sys.argv[1]).read().split("\f\n")
print(len(parts), *[("alpha" if "alpha" in p else "beta" if "beta" in p else "-") for p in parts])' "$tmp/out")"
run clean --format markdown "$tmp/page.html" "$tmp/second.html"
expect_eq "two Markdown pages: a form-feed line between them" 2 \
  "$(python3 -c 'import sys; print(len(open(sys.argv[1]).read().split("\f\n")))' "$tmp/out")"
expect_eq "the second Markdown page starts right after the separator" "# Winnow Test Article" \
  "$(python3 -c 'import sys; print(open(sys.argv[1]).read().split("\f\n")[1].splitlines()[0])' "$tmp/out")"
run clean "$tmp/page.html"
expect_not_contains "one text: no separator" "$out" $'\f'
printf '<html><body><article><p>A page of code, with a form feed between its two functions:</p><pre>int a;\f\nint b;</pre></article></body></html>' >"$tmp/formfeed.html"
run clean "$tmp/formfeed.html" "$tmp/page.html"
expect_eq "a form feed in a code block cannot pass for a separator" 2 \
  "$(python3 -c 'import sys; print(len(open(sys.argv[1]).read().split("\f\n")))' "$tmp/out")"
expect_contains "a form feed in a code block is a space" "$out" $'int a; \nint b;'

# --- --with-metadata -----------------------------------------------------------------------------
cat >"$tmp/meta.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Quotes "inside" and a colon: yes</title>
<meta name="author" content="Ann Lee">
<meta name="description" content="Line one &#10; --- not: yaml">
<meta property="article:published_time" content="2024-03-12T08:00:00Z">
<meta property="og:site_name" content="Valley News"></head>
<body><article><h1>Quotes "inside" and a colon: yes</h1>
<p>The quick brown fox jumps over the lazy dog while the meta farmer watches from the porch,
wondering whether the fence will ever be repaired before the long and rainy winter arrives.</p>
<p>Meanwhile the villagers gathered in the square to discuss the harvest and the price of grain.</p>
</article></body></html>
EOF
run clean --format markdown --with-metadata --url https://news.example/a/story "$tmp/meta.html"
expect_exit "markdown --with-metadata: exit 0" 0 "$rc"
expect_eq "markdown --with-metadata: front matter first" "---" "$(head -n 1 "$tmp/out")"
expect_eq "markdown --with-metadata: YAML that loads, every field as written" \
  "Quotes \"inside\" and a colon: yes|Ann Lee|https://news.example/a/story|news.example|Valley News|article" \
  "$(python3 -c 'import sys,yaml
doc=open(sys.argv[1]).read().split("---\n")
m=yaml.safe_load(doc[1])
print(m["title"], m["author"], m["url"], m["hostname"], m["site_name"], m["page_type"], sep="|")' "$tmp/out" 2>&1)"
expect_contains "markdown --with-metadata: the body follows" "$out" "# Quotes"
run clean --with-metadata "$tmp/meta.html"
expect_eq "text --with-metadata: key: value lines" "title: Quotes \"inside\" and a colon: yes" "$(head -n 1 "$tmp/out")"
expect_contains "text --with-metadata: the source when no URL" "$out" "source: $tmp/meta.html"
expect_eq "text --with-metadata: key: value lines, a blank line, then the text" "header ok, text next" \
  "$(python3 -c 'import re,sys
head,_,body=open(sys.argv[1]).read().partition("\n\n")
ok=all(re.match(r"^[a-z_]+: ", l) for l in head.split("\n")) and body.startswith("The quick")
print("header ok, text next" if ok else repr(head[:300]))' "$tmp/out")"
expect_contains "text --with-metadata: the text" "$out" "$sentence"

# --- not HTML: refused, named, counted; the others still cleaned ---------------------------------
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' >"$tmp/doc.pdf"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$tmp/pic.png"
printf 'Just a note, written as plain text.\nNo markup anywhere in it.\n' >"$tmp/note.txt"
printf '# A Markdown file\n\nSome *emphasis* and a [link](https://a.example).\n' >"$tmp/readme.md"
(cd "$tmp" && zip -q pages.zip page.html 2>/dev/null || python3 -c 'import zipfile; zipfile.ZipFile("pages.zip","w").write("page.html")')
tar -C "$tmp" -czf "$tmp/pages.tar.gz" page.html
run clean "$tmp/page.html" /bin/ls "$tmp/doc.pdf" "$tmp/pic.png" "$tmp/note.txt" "$tmp/readme.md" "$tmp/pages.zip" \
  "$tmp/pages.tar.gz" "$tmp/garbage.bin"
expect_exit "not HTML: exit 1" 1 "$rc"
expect_contains "not HTML: the page is still cleaned" "$out" "$sentence"
expect_eq "not HTML: nothing but the page on stdout" 1 "$(grep -c 'quick brown fox' "$tmp/out")"
expect_contains "not HTML: an ELF binary" "$err" "winnow: /bin/ls: not HTML (ELF executable)"
expect_contains "not HTML: a PDF" "$err" "doc.pdf: not HTML (PDF document)"
expect_contains "not HTML: a PNG" "$err" "pic.png: not HTML (PNG image)"
expect_contains "not HTML: plain text" "$err" "note.txt: not HTML (text without markup)"
expect_contains "not HTML: Markdown" "$err" "readme.md: not HTML (text without markup)"
expect_contains "not HTML: a zip archive" "$err" "pages.zip: not HTML (zip archive)"
expect_contains "not HTML: a gzipped tar archive" "$err" "pages.tar.gz: not HTML (tar archive)"
expect_contains "not HTML: random bytes" "$err" "garbage.bin: not HTML"
expect_eq "not HTML: one line each" 8 "$(grep -c 'not HTML' "$tmp/err")"
run_stdin /bin/ls clean
expect_exit "not HTML on stdin: exit 1" 1 "$rc"
expect_contains "not HTML on stdin: named -" "$err" "winnow: -: not HTML (ELF executable)"

# --- no path printed twice -----------------------------------------------------------------------
run clean "$tmp/in/missing.html"
expect_eq "a missing file: its path once" "winnow: $tmp/in/missing.html: No such file or directory" "$err"
run clean "$tmp/in"
expect_eq "a directory of pages is no error" 0 "$rc"
printf '\x1f\x8b\x08\x00broken' >"$tmp/broken.html.gz"
run clean "$tmp/broken.html.gz"
expect_eq "a corrupt gzip file: its path once" 1 "$(grep -o 'broken.html.gz' "$tmp/err" | wc -l)"
chmod 000 "$tmp/page.html" 2>/dev/null
if [[ ! -r $tmp/page.html ]]; then
  run clean "$tmp/page.html"
  expect_eq "an unreadable file: its path once" "winnow: $tmp/page.html: Permission denied" "$err"
fi
chmod 644 "$tmp/page.html"

fi

if [[ $part != inputs ]]; then
# --- URL input ----------------------------------------------------------------------------------
mkdir -p "$tmp/www"
cp "$tmp/page.html" "$tmp/www/page.html"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$tmp/www" && exec python3 -m http.server --bind 127.0.0.1 "$port") >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
url="http://127.0.0.1:$port/page.html"
run clean "$url"
expect_exit "URL to loopback: refused with exit 1" 1 "$rc"
expect_contains "URL to loopback: names the URL" "$err" "$url"
expect_contains "URL to loopback: says private" "$err" "private"
run clean --allow-private --format json "$url"
expect_exit "URL with --allow-private: exit 0" 0 "$rc"
expect_contains "URL with --allow-private: text" "$(json_field "$tmp/out" text)" "$sentence"
expect_eq "URL with --allow-private: url is the final URL" "$url" "$(json_field "$tmp/out" url)"
expect_eq "URL with --allow-private: status" 200 "$(json_field "$tmp/out" status)"
run clean --allow-private "http://127.0.0.1:$port/missing.html"
expect_exit "URL 404: exit 1" 1 "$rc"
expect_contains "URL 404: says HTTP 404" "$err" "HTTP 404"
run clean --allow-private --out "$tmp/url-out" "$url"
expect_file "URL --out: name from host and path" "$tmp/url-out/127.0.0.1_${port}_page.txt"
# Not HTML by its bytes or by its type: refused like a PDF, with the reason.
printf '\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0' >"$tmp/www/binary.html"
printf 'Plain text served as text/plain.\n' >"$tmp/www/notes.txt"
printf '# Markdown\n\nServed as text/markdown.\n' >"$tmp/www/readme.md"
run clean --allow-private "http://127.0.0.1:$port/binary.html" "http://127.0.0.1:$port/notes.txt" "$url"
expect_exit "URL not HTML: exit 1" 1 "$rc"
expect_contains "URL not HTML: a binary served as text/html, by its bytes" "$err" "binary.html: not HTML (ELF executable)"
expect_contains "URL not HTML: text/plain, by its type" "$err" "notes.txt: not HTML (text/plain)"
expect_contains "URL not HTML: the HTML page still cleaned" "$out" "$sentence"
if python3 -c 'import mimetypes,sys; sys.exit(mimetypes.guess_type("a.md")[0] != "text/markdown")'; then
  run clean --allow-private "http://127.0.0.1:$port/readme.md"
  expect_contains "URL not HTML: text/markdown, by its type" "$err" "readme.md: not HTML (text/markdown)"
fi

# --- fetch --------------------------------------------------------------------------------------
printf 'User-agent: *\nDisallow: /secret/\n' >"$tmp/www/robots.txt"
mkdir -p "$tmp/www/secret"
cp "$tmp/page.html" "$tmp/www/secret/hidden.html"
cp "$tmp/page.html" "$tmp/www/second.html"
run fetch "$url"
expect_exit "fetch loopback without --allow-private: exit 1" 1 "$rc"
expect_contains "fetch loopback: error kind named" "$err" "forbidden_address"
run fetch --allow-private --delay 0 --out "$tmp/fetched" "$url" "http://127.0.0.1:$port/second.html"
expect_exit "fetch two pages: exit 0" 0 "$rc"
expect_eq "fetch --out: nothing on stdout (it is for data)" "" "$out"
expect_contains "fetch: summary on stderr, counting statuses" "$err" "fetched 2"
expect_contains "fetch: summary 200 x2" "$err" "200 x2"
expect_not_contains "fetch: no progress line when stderr is not a terminal" "$err" "pages/s"
expect_file "fetch --out: body written" "$tmp/fetched/127.0.0.1_${port}_page.html"
expect_contains "fetch --out: the page's text" "$(cat "$tmp/fetched/127.0.0.1_${port}_second.html" 2>/dev/null)" "$sentence"
printf '# pages to fetch\n\n%s\nhttp://127.0.0.1:%s/missing.html\nhttp://127.0.0.1:%s/secret/hidden.html\n' "$url" "$port" "$port" >"$tmp/urls.txt"
run fetch --allow-private --delay 0 --list "$tmp/urls.txt"
expect_exit "fetch --list with a robots-disallowed URL: exit 1" 1 "$rc"
expect_contains "fetch --list: 404 counted as a status" "$err" "404 x1"
expect_contains "fetch --list: robots counted as an error" "$err" "robots x1"
expect_contains "fetch --list: the disallowed URL named" "$err" "secret/hidden.html"
run fetch --allow-private --delay 0 --no-robots "http://127.0.0.1:$port/secret/hidden.html"
expect_exit "fetch --no-robots: exit 0" 0 "$rc"
run fetch
expect_exit "fetch without URLs: exit 2" 2 "$rc"
run fetch --list "$tmp/no-such-list.txt"
expect_exit "fetch with an unreadable list: exit 2" 2 "$rc"
run fetch --concurrency 0 "$url"
expect_exit "fetch --concurrency 0: exit 2" 2 "$rc"
run fetch --allow-private "file:///etc/passwd" "ftp://127.0.0.1/x"
expect_exit "fetch file:// and ftp://: exit 1" 1 "$rc"
expect_contains "fetch file://: forbidden scheme" "$err" "forbidden_scheme"

# --- fetch to stdout, streams, -q/-v ------------------------------------------------------------
# Without --out, --store or --warc, fetch prints the cleaned pages as clean prints them.
second="http://127.0.0.1:$port/second.html"
run fetch --allow-private --delay 0 "$url"
expect_exit "fetch to stdout: exit 0" 0 "$rc"
expect_contains "fetch to stdout: the cleaned text" "$out" "$sentence"
expect_not_contains "fetch to stdout: no HTML" "$out" "<p>"
expect_not_contains "fetch to stdout: no summary on stdout" "$out" "fetched 1"
expect_contains "fetch to stdout: the summary on stderr" "$err" "fetched 1"
run clean --allow-private "$url" "$second"
clean_two=$out
run fetch --allow-private --delay 0 "$url" "$second"
expect_eq "fetch to stdout: two pages exactly as clean prints them (same separator)" "$clean_two" "$out"
run clean --allow-private --format json "$url" "$second"
clean_two=$out
run fetch --allow-private --delay 0 --format json "$url" "$second" "http://127.0.0.1:$port/missing.html"
expect_exit "fetch --format json with a 404: exit 0 (an HTTP status is no failure)" 0 "$rc"
if is_json_lines "$tmp/out"; then pass "fetch --format json: JSON Lines"; else fail "fetch --format json: JSON Lines" "${out:0:200}"; fi
# One record a line, fetched_at (the moment of each download) taken out.
without_fetched_at() { python3 -c 'import json,sys
for line in sys.stdin: r = json.loads(line); r.pop("fetched_at", None); print(json.dumps(r, sort_keys=True))'; }
expect_eq "fetch --format json: the records clean gives, in the URLs' order, none for the 404" \
  "$(printf '%s\n' "$clean_two" | without_fetched_at)" "$(printf '%s\n' "$out" | without_fetched_at)"
expect_eq "fetch --format json: one record a page" 2 "$(grep -c '"url"' "$tmp/out")"
run fetch --allow-private --delay 0 --format markdown "$url"
expect_contains "fetch --format markdown: a title line" "$out" "# Winnow Test Article"
fetched_markdown=$out
run fetch --allow-private --delay 0 --format markdown --no-prescan "$url"
expect_exit "fetch --no-prescan: exit 0" 0 "$rc"
expect_eq "fetch --no-prescan: the same page" "$fetched_markdown" "$out"
run clean --allow-private --format json "$url"
clean_one=$out
run fetch --allow-private --delay 0 --format json "$url"
expect_eq "fetch --format json, one URL: the indented record clean gives" \
  "$(printf '%s\n' "$clean_one" | grep -v fetched_at)" "$(printf '%s\n' "$out" | grep -v fetched_at)"
expect_contains "fetch --format json, one URL: indented as clean's" "$out" $'{\n  "url"'
for format in text markdown; do
  run clean --allow-private --with-metadata --format "$format" "$url" "$second"
  clean_two=$out
  run fetch --allow-private --delay 0 --with-metadata --format "$format" "$url" "$second"
  expect_exit "fetch --with-metadata --format $format: exit 0" 0 "$rc"
  expect_eq "fetch --with-metadata --format $format: the headers and pages clean prints" "$clean_two" "$out"
  expect_contains "fetch --with-metadata --format $format: the page's URL in its header" "$out" "url: "
done
expect_eq "fetch --with-metadata: one page separator between two pages" 1 "$(grep -c $'^\f$' "$tmp/out")"
run fetch --allow-private --delay 0 --warc "$tmp/only.warc.gz" "$url"
expect_contains "fetch --warc (neither --out nor --store): the cleaned page on stdout too" "$out" "$sentence"
expect_file "fetch --warc: the archive written" "$tmp/only.warc.gz"
run fetch --allow-private --format xml "$url"
expect_exit "fetch --format xml: exit 2" 2 "$rc"
run fetch --allow-private --delay 0 --store "jsonl:-" "$url" "$second"
expect_exit "fetch --store jsonl:-: exit 0" 0 "$rc"
if is_json_lines "$tmp/out"; then pass "fetch --store jsonl:-: stdout is only JSON Lines"; else fail "fetch --store jsonl:-: only JSON Lines" "${out:0:300}"; fi
expect_contains "fetch --store jsonl:-: the summary on stderr" "$err" "fetched 2"
run -q fetch --allow-private --delay 0 --store "jsonl:-" "$url"
expect_eq "-q fetch: nothing on stderr" "" "$err"
if is_json_lines "$tmp/out"; then pass "-q fetch: the data still on stdout"; else fail "-q fetch: data" "${out:0:200}"; fi
run fetch --allow-private --delay 0 "$url" -q
expect_eq "fetch ... -q (after the command): nothing on stderr" "" "$err"
expect_contains "fetch ... -q: the page still on stdout" "$out" "$sentence"
run fetch --allow-private --delay 0 -q "http://127.0.0.1:$port/secret/hidden.html"
expect_exit "fetch -q with an error: exit 1" 1 "$rc"
expect_contains "fetch -q: errors still on stderr" "$err" "secret/hidden.html"
expect_not_contains "fetch -q: no summary" "$err" "fetched 1"
run -v fetch --allow-private --delay 0 "$url" "$second"
expect_contains "-v fetch: a line per page" "$err" "winnow: $url: 200"
expect_contains "-v fetch: a line for the second page" "$err" "winnow: $second: 200"
run fetch --allow-private --delay 0 "$url" -v
expect_contains "fetch ... -v (after the command): a line per page" "$err" "winnow: $url: 200"
run -q clena "$tmp/page.html"
expect_exit "-q clena: a misspelt command after -q is still named" 2 "$rc"
expect_contains "-q clena: did you mean" "$err" "unknown command 'clena' (did you mean 'clean'?)"

# --- DNS failures (RFC 6761: a name under .invalid never resolves; no test uses the internet) ---
run fetch --tries 1 "http://example.invalid/page.html"
expect_exit "fetch of a host that does not resolve: exit 1" 1 "$rc"
expect_contains "fetch: a DNS failure is reported as one" "$err" "dns: cannot resolve host example.invalid"
expect_not_contains "fetch: a DNS failure is not a robots.txt failure" "$err" "robots"
run fetch --tries 1 --no-robots "http://example.invalid/page.html"
expect_contains "fetch --no-robots: the same DNS message" "$err" "dns: cannot resolve host example.invalid"
run clean "http://example.invalid/page.html"
expect_exit "clean URL of a host that does not resolve: exit 1" 1 "$rc"
expect_contains "clean URL: cannot resolve host" "$err" "cannot resolve host example.invalid"
printf 'store = "sqlite:%s/dns.db"\nseeds = ["http://example.invalid/"]\n[fetch]\ntries = 1\n[log]\nfile = "%s/dns.log"\n' \
  "$tmp" "$tmp" >"$tmp/dns.toml"
run crawl "$tmp/dns.toml" --once
expect_exit "crawl of a host that does not resolve: exit 1" 1 "$rc"
expect_contains "crawl: a DNS failure is reported as one" "$(cat "$tmp/dns.log" 2>/dev/null)" "dns: cannot resolve host example.invalid"
expect_not_contains "crawl: a DNS failure is not a robots.txt failure" "$(cat "$tmp/dns.log" 2>/dev/null)" "robots"
run crawl --store "sqlite:$tmp/dns-url.db" --once "http://example.invalid/"
expect_exit "crawl URL of a host that does not resolve: exit 1" 1 "$rc"
expect_contains "crawl URL: the failure report on stderr names the DNS failure" "$err" "dns: cannot resolve host example.invalid"

# --- unknown options: did you mean ------------------------------------------------------------
run fetch --formt json "$url"
expect_exit "fetch --formt: exit 2" 2 "$rc"
expect_contains "fetch --formt: did you mean --format" "$err" "unknown option '--formt' for winnow fetch (did you mean '--format'?)"
run fetch --stroe "sqlite:$tmp/x.db" "$url"
expect_contains "fetch --stroe: did you mean --store" "$err" "(did you mean '--store'?)"
run export --fromat=json
expect_exit "export --fromat=json: exit 2" 2 "$rc"
expect_contains "export --fromat=json: the option named without its value" "$err" "unknown option '--fromat' for winnow export (did you mean '--format'?)"
run search --limt 3 pumpkin
expect_contains "search --limt: did you mean --limit" "$err" "(did you mean '--limit'?)"
run crawl "$tmp/dns.toml" --oncee
expect_exit "crawl --oncee: exit 2" 2 "$rc"
expect_contains "crawl --oncee: did you mean --once" "$err" "(did you mean '--once'?)"
run fetch -x "$url"
expect_exit "fetch -x: exit 2" 2 "$rc"
expect_contains "fetch -x: named, with where to look" "$err" "unknown option '-x' for winnow fetch"
expect_not_contains "fetch -x: no far-fetched suggestion" "$err" "did you mean"
expect_eq "unknown option: nothing on stdout" "" "$out"

# --- fetch --store / --warc, clean --warc ------------------------------------------------------
run fetch --allow-private --delay 0 --store "sqlite:$tmp/fetch.db" --warc "$tmp/fetch.warc.gz" \
  "$url" "http://127.0.0.1:$port/second.html" "http://127.0.0.1:$port/missing.html"
expect_exit "fetch --store --warc: exit 0" 0 "$rc"
expect_eq "fetch --store: nothing on stdout" "" "$out"
expect_contains "fetch --store: the two pages (the same story) stored" "$err" "stored in sqlite:$tmp/fetch.db: 1 new, 0 changed, 0 unchanged, 1 duplicates"
run export --store "sqlite:$tmp/fetch.db"
expect_contains "fetch --store: the page's URL in the store" "$out" "\"url\":\"$url\""
expect_contains "fetch --store: its HTTP status" "$out" '"status":200'
expect_contains "fetch --store: its text" "$out" "$sentence"
expect_not_contains "fetch --store: no row for the 404" "$out" "missing.html"
expect_eq "fetch --warc: gzip holding WARC/1.1 records (warcinfo, 3 requests, 3 responses)" 7 \
  "$(python3 -c 'import gzip,sys; print(gzip.open(sys.argv[1]).read().count(b"WARC/1.1\r\n"))' "$tmp/fetch.warc.gz")"
run clean --warc "$tmp/fetch.warc.gz" --format json
expect_exit "clean --warc: exit 0" 0 "$rc"
expect_eq "clean --warc --format json: one JSON line per page" 2 "$(grep -c '"url"' "$tmp/out")"
if is_json_lines "$tmp/out"; then pass "clean --warc: JSON Lines"; else fail "clean --warc: JSON Lines" "${out:0:200}"; fi
expect_contains "clean --warc: the archive's page text" "$out" "$sentence"
expect_contains "clean --warc: counts on stderr (warcinfo, 3 requests, the 404 skipped)" "$err" \
  "2 pages, 0 failed; 5 other records skipped (request x3, response x1, warcinfo x1)"
run clean --warc "$tmp/fetch.warc.gz" --store "sqlite:$tmp/rewarc.db"
expect_exit "clean --warc --store: exit 0" 0 "$rc"
run export --store "sqlite:$tmp/rewarc.db" --format text
expect_contains "clean --warc --store: the same text as the fetch stored" "$out" "$sentence"
head -c "$(($(stat -c %s "$tmp/fetch.warc.gz") - 40))" "$tmp/fetch.warc.gz" >"$tmp/cut.warc.gz"
run clean --warc "$tmp/cut.warc.gz" --format json
expect_exit "clean --warc on a cut archive: exit 1" 1 "$rc"
expect_contains "clean --warc on a cut archive: the error names the file" "$err" "cut.warc.gz"
expect_contains "clean --warc on a cut archive: the whole records before the cut are cleaned" "$out" "$sentence"
run clean --warc "$tmp/no-such.warc.gz"
expect_exit "clean --warc with a missing file: exit 2" 2 "$rc"
run clean --warc "$tmp/fetch.warc.gz" "$tmp/page.html"
expect_exit "clean --warc with inputs too: exit 2" 2 "$rc"
# An archive as other tools write them, one record of each type: pages kept as resource records
# (the page itself typed text/html on the record, no HTTP head) are cleaned with their URI and
# date; a resource that is not HTML, revisit, request, metadata and warcinfo are skipped.
make_page "$tmp/resource-a.html" resourcea
make_page "$tmp/resource-b.html" resourceb
python3 - "$tmp/resources.warc.gz" "$tmp/resource-a.html" "$tmp/resource-b.html" <<'EOF'
import gzip, sys
a, b = (open(p, "rb").read() for p in sys.argv[2:4])
def record(type_, uri, date, content_type, block):
    head = [f"WARC-Type: {type_}", f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{len(records):012d}>",
            f"WARC-Date: {date}"]
    if uri: head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {content_type}", f"Content-Length: {len(block)}"]
    return ("WARC/1.1\r\n" + "\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
records = []
for r in [("warcinfo", "", "2026-11-23T09:59:00Z", "application/warc-fields", b"software: a test\r\n"),
          ("resource", "https://archive.example/a.html", "2026-11-23T10:00:00Z", "text/html; charset=utf-8", a),
          ("resource", "https://archive.example/logo.png", "2026-11-23T10:00:01Z", "image/png", b"\x89PNG\r\n\x1a\n"),
          ("request", "https://archive.example/b.html", "2026-11-23T10:00:02Z", "application/http;msgtype=request",
           b"GET /b.html HTTP/1.1\r\nHost: archive.example\r\n\r\n"),
          ("revisit", "https://archive.example/a.html", "2026-11-23T10:00:03Z", "application/http;msgtype=response",
           b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"),
          ("metadata", "https://archive.example/a.html", "2026-11-23T10:00:04Z", "application/warc-fields",
           b"via: https://archive.example/\r\n"),
          ("resource", "https://archive.example/b.html", "2026-11-23T10:00:05Z", "application/xhtml+xml", b)]:
    records.append(gzip.compress(record(*r)))
open(sys.argv[1], "wb").write(b"".join(records))
EOF
run clean --warc "$tmp/resources.warc.gz" --format json
expect_exit "clean --warc, resource records: exit 0" 0 "$rc"
expect_eq "clean --warc, resource records: the two HTML ones cleaned, in archive order" \
  "https://archive.example/a.html 2026-11-23T10:00:00Z resourcea|https://archive.example/b.html 2026-11-23T10:00:05Z resourceb" \
  "$(python3 -c 'import json,sys; print("|".join(" ".join([r["url"], r["fetched_at"], [w for w in r["text"].split() if w.startswith("resource")][0]]) for r in map(json.loads, sys.stdin)))' <"$tmp/out")"
expect_contains "clean --warc, resource records: the others skipped and counted by type" "$err" \
  "resources.warc.gz: 2 pages, 0 failed; 5 other records skipped (metadata x1, request x1, resource x1, revisit x1, warcinfo x1)"
run fetch --allow-private --store "nosuch:x" "$url"
expect_exit "fetch --store with an unknown scheme: exit 2" 2 "$rc"
run fetch --allow-private --store "sqlite:/nonexistent-dir/w.db" "$url"
expect_exit "fetch --store in a missing folder: exit 4" 4 "$rc"
run fetch --allow-private --warc "/nonexistent-dir/w.warc.gz" "$url"
expect_exit "fetch --warc in a missing folder: exit 4" 4 "$rc"
expect_contains "fetch --warc error names the path" "$err" "/nonexistent-dir/w.warc.gz"

# --- many inputs --------------------------------------------------------------------------------
python3 - "$tmp/many" <<'EOF'
import os, sys
os.makedirs(sys.argv[1])
for i in range(10000):
    with open(os.path.join(sys.argv[1], f"p{i}.html"), "w") as f:
        f.write(f"<html><body><article><p>Page number {i} has a short paragraph.</p></article></body></html>")
EOF
limit=300
run clean -j 2 --out "$tmp/many-out" "$tmp"/many/*.html
limit=120
expect_exit "10 000 inputs: exit 0" 0 "$rc"
expect_eq "10 000 inputs: 10 000 outputs" 10000 "$(find "$tmp/many-out" -name '*.txt' | wc -l)"
rm -rf "$tmp/many" "$tmp/many-out"

# --- store, export, search ----------------------------------------------------------------------
make_page "$tmp/store-a.html" gamma
make_page "$tmp/store-b.html" delta
run clean --store "sqlite:$tmp/w.db" "$tmp/store-a.html" "$tmp/store-b.html"
expect_exit "clean --store sqlite: exit 0" 0 "$rc"
expect_eq "clean --store: nothing on stdout" "" "$out"
expect_contains "clean --store: summary on stderr (the two pages differ by one word: a near copy)" "$err" "1 new, 0 changed, 0 unchanged, 1 duplicates"
run clean --store "sqlite:$tmp/w.db" "$tmp/store-a.html" "$tmp/store-b.html"
expect_contains "clean --store again: one row per page, unchanged" "$err" "2 unchanged"
run export --store "sqlite:$tmp/w.db"
expect_exit "export: exit 0" 0 "$rc"
expect_eq "export: two JSON lines" 2 "$(printf '%s\n' "$out" | grep -c '^{')"
expect_contains "export: text in the rows" "$out" "gamma farmer"
run export --store "sqlite:$tmp/w.db" --format json
expect_exit "export --format json: exit 0 (as jsonl)" 0 "$rc"
if is_json_lines "$tmp/out"; then pass "export --format json: JSON Lines"; else fail "export --format json: JSON Lines" "${out:0:200}"; fi
expect_eq "export --format json: two records" 2 "$(grep -c '^{' "$tmp/out")"
run -v export --store "sqlite:$tmp/w.db"
expect_eq "-v export: the count on stderr" "exported 2 pages" "$err"
expect_eq "-v export: stdout holds the pages only" 2 "$(grep -c '^{' "$tmp/out")"
run export --store "sqlite:$tmp/w.db" --format xml
expect_exit "export --format xml: exit 2" 2 "$rc"
expect_contains "export --format xml: the formats named" "$err" "jsonl, json, text or markdown"
run export --store "sqlite:$tmp/w.db" --since 2023-02-29
expect_exit "export --since 2023-02-29 (no such day): exit 2" 2 "$rc"
expect_contains "export --since 2023-02-29: the date named" "$err" "'2023-02-29' is not a date"
run export --store "sqlite:$tmp/w.db" --since 2999-01-01
expect_eq "export --since the future: nothing" "" "$out"
run search --store "sqlite:$tmp/w.db" "delta villagers"
expect_exit "search: exit 0" 0 "$rc"
expect_contains "search: the matching page" "$out" "store-b.html"
expect_not_contains "search: not the other page" "$out" "store-a.html"
run search --store "sqlite:$tmp/w.db" "delta AND villagers"
expect_contains "search AND: the page with both" "$out" "store-b.html"
expect_not_contains "search AND: not the other" "$out" "store-a.html"
run search --store "sqlite:$tmp/w.db" "gamma OR delta"
expect_contains "search OR: one page" "$out" "store-a.html"
expect_contains "search OR: the other page" "$out" "store-b.html"
run search --store "sqlite:$tmp/w.db" "villagers NOT gamma"
expect_contains "search NOT: the page without the word" "$out" "store-b.html"
expect_not_contains "search NOT: not the page with it" "$out" "store-a.html"
run search --store "sqlite:$tmp/w.db" '"delta villagers"'
expect_contains "search \"phrase\": the page" "$out" "store-b.html"
run search --store "sqlite:$tmp/w.db" '"villagers delta"'
expect_exit "search with no match: exit 0" 0 "$rc"
expect_eq "search with no match: nothing on stdout" "" "$out"
expect_eq "search with no match: said on stderr" "no match" "$err"
run -q search --store "sqlite:$tmp/w.db" '"villagers delta"'
expect_eq "-q search with no match: nothing on stderr" "" "$err"
run search --store "sqlite:$tmp/w.db" '"unbalanced'
expect_exit "search with bad syntax: exit 2" 2 "$rc"
expect_contains "search with bad syntax: what is wrong" "$err" "unterminated string"
expect_contains "search with bad syntax: what a query takes" "$err" 'words, "phrases", AND, OR, NOT'
expect_not_contains "search with bad syntax: not SQLite's words" "$err" "fts5"
run search --store "sqlite:$tmp/w.db" '*'
expect_exit "search '*' (not a query FTS5 can read): exit 2, not a store failure" 2 "$rc"
run search --store "sqlite:$tmp/w.db" "$(head -c 5000 /dev/zero | tr '\0' x)"
expect_exit "search with a 5 000-byte query: exit 2" 2 "$rc"
run clean --store "postgresq://crawler:hunter2@db.example/news" "$tmp/store-a.html"
expect_not_contains "a mistyped store URI: its password is not shown" "$err" "hunter2"
run fetch "http://reader:hunter2@127.0.0.1:1/private?api_key=s3cr3t"
expect_not_contains "fetch: the password of a URL is not shown" "$err" "hunter2"
expect_not_contains "fetch: an API key of a URL is not shown" "$err" "s3cr3t"
expect_contains "fetch: the failed URL is still named" "$err" "127.0.0.1:1/private"
run clean --store "jsonl:-" "$tmp/store-a.html"
if is_json_lines "$tmp/out"; then pass "clean --store jsonl:- prints JSON Lines"; else fail "clean --store jsonl:-" "${out:0:200}"; fi
run clean --store "dir:$tmp/store-dir" "$tmp/store-a.html"
expect_eq "clean --store dir: a .txt and a .json" 2 "$(find "$tmp/store-dir" -type f | wc -l)"
run clean --store "nosuch:x" "$tmp/store-a.html"
expect_exit "clean --store with an unknown scheme: exit 2" 2 "$rc"
run clean --store "sqlite:/nonexistent-dir/w.db" "$tmp/store-a.html"
expect_exit "clean --store in a missing folder: exit 4 (the store failed)" 4 "$rc"
expect_contains "clean --store error names the path" "$err" "/nonexistent-dir/w.db"
run export --store "sqlite:$tmp/no-such.db"
expect_exit "export from a missing database: exit 4" 4 "$rc"

# --- cleaner options ----------------------------------------------------------------------------
cat >"$tmp/options.html" <<'PAGE'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Fares Rise</title></head>
<body>
<article class="story">
<h1>Harbour Fares Rise</h1>
<p>The harbour ferry will raise its fares next month, the operator said on Monday, blaming the cost
of fuel and a new contract with the crews that run the night boats across the bay.</p>
<p class="fare-note">Commuters can read the full timetable and the new fares in the
<a href="/ferry/fares.html">operator's fare guide</a>, which lists every stop on the route.</p>
<table><tr><th>Ticket</th><th>Old fare</th><th>New fare</th></tr>
<tr><td>Single</td><td>2.40</td><td>2.80</td></tr><tr><td>Weekly</td><td>19.00</td><td>21.50</td></tr></table>
<p>Passenger groups said the rise was steep but fair, and asked the operator to keep the cheaper
off-peak tickets that many older travellers rely on for trips to the market in town.</p>
</article>
<section id="comments"><h2>Comments</h2><div class="comment"><p>Marta wrote: twenty years on this ferry and
the night crews have always been the friendliest people on the water, good luck to them.</p></div></section>
</body></html>
PAGE
run clean --format markdown --url https://ferry.example/news/fares.html --links "$tmp/options.html"
expect_contains "--links: markdown link resolved against --url" "$out" "[operator's fare guide](https://ferry.example/ferry/fares.html)"
run clean --format markdown --url https://ferry.example/news/fares.html "$tmp/options.html"
expect_not_contains "no --links: plain link text" "$out" "](https://"
expect_contains "tables: markdown table row" "$out" "| Single | 2.40 | 2.80 |"
run clean --no-tables "$tmp/options.html"
expect_not_contains "--no-tables: no table rows" "$out" "Single | 2.40"
expect_contains "--no-tables: paragraphs kept" "$out" "Passenger groups said"
run clean "$tmp/options.html"
expect_not_contains "comments out by default" "$out" "Marta wrote"
run clean --keep-comments "$tmp/options.html"
expect_contains "--keep-comments: comment kept" "$out" "Marta wrote"
run clean --precision "$tmp/options.html"
expect_exit "--precision: exit 0" 0 "$rc"
expect_contains "--precision: article kept" "$out" "Passenger groups said"
run clean --recall "$tmp/options.html"
expect_exit "--recall: exit 0" 0 "$rc"
expect_contains "--recall: article kept" "$out" "Passenger groups said"
run clean --precision --recall "$tmp/options.html"
expect_exit "--precision with --recall is a usage error" 2 "$rc"

# --no-prescan: script and style bodies and comments are parsed instead of emptied first; the
# output must not change. The page hides markup in all three, and ends them where a tokenizer
# does: a </style> in a CSS string, </SCRIPT > in capitals, a <script> inside <!-- --> in a
# script (whose </script> does not end it). Every sample page is compared too.
cat >"$tmp/scripted.html" <<'PAGE'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Night Ferry Returns</title>
<style>p::before { content: "</style><p>styled away</p>"; } .story { color: #333 }</style>
<script>var ad = "<div class='ad'><p>Buy now</p></div>"; if (1 < 2 && ad) { document.title += '</scr' + 'ipt>'; }</script>
<!-- <p>A commented-out paragraph that must never appear.</p> --></head>
<body>
<article class="story">
<h1>Night Ferry Returns</h1>
<p>The night ferry across the bay returns next month after a winter of repairs, the operator said,
with two crossings each evening and a late boat on Fridays for the market traders of the town.</p>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Night Ferry Returns <b>now</b>", "author": {"@type": "Person", "name": "Ada Brook"}}</script>
<!-- an editor's note --><p>Tickets go on sale on Monday at the harbour office and on board, at the
prices of last summer, and season tickets bought before the repairs remain valid until June.<!--x--></p>
<script>document.write("<p>written by a script</p>");</SCRIPT ><noscript><p>Turn on scripts.</p></noscript>
<script><!-- document.write("<script>var inner = 1;</script>"); --></script>
<p>The crews thanked the passengers for their patience <!-- -- odd -- --> during the long winter.</p>
</article></body></html>
PAGE
for format in json markdown; do
  run clean --format "$format" --url https://ferry.example/news/night.html "$tmp/scripted.html"
  with_prescan=$out
  expect_contains "scripted page ($format): the text around scripts and comments" "$out" "during the long winter"
  expect_not_contains "scripted page ($format): no commented-out text" "$out" "commented-out paragraph"
  if [[ $format == json ]]; then
    expect_eq "scripted page: the JSON-LD in a script still read" "Ada Brook" "$(json_field "$tmp/out" author)"
  fi
  run clean --no-prescan --format "$format" --url https://ferry.example/news/night.html "$tmp/scripted.html"
  expect_exit "clean --no-prescan: exit 0" 0 "$rc"
  expect_eq "clean --no-prescan --format $format: the same output" "$with_prescan" "$out"
done
run clean --format json "$repo/samples"
cp "$tmp/out" "$tmp/samples-prescan.json"
prescan_rc=$rc
run clean --no-prescan --format json "$repo/samples"
expect_eq "clean --no-prescan of every sample: the same exit" "$prescan_rc" "$rc"
if cmp -s "$tmp/samples-prescan.json" "$tmp/out"; then
  pass "clean --no-prescan of every sample: the same JSON byte for byte"
else
  fail "clean --no-prescan of every sample: the same JSON byte for byte" \
    "$(diff "$tmp/samples-prescan.json" "$tmp/out" | head -n 20)"
fi
run clean --help
expect_contains "clean --help: --no-prescan and what it does" "$out" "--no-prescan"
expect_contains "clean --help: --no-prescan says the output is the same" "$out" "the output is the same"

# Site rules: CSS and XPath, keep and drop, by host; bad rules are usage errors naming the file.
cat >"$tmp/rules.toml" <<'RULES'
[[site]]
host = "ferry.example"
drop = ["p.fare-note", "//p[contains(., 'Passenger groups')]"]

[[site]]
host = "keep.example"
keep = ["section#comments div.comment"]
RULES
run clean --rules "$tmp/rules.toml" --url https://www.ferry.example/news/fares.html "$tmp/options.html"
expect_exit "--rules: exit 0" 0 "$rc"
expect_not_contains "--rules: CSS drop" "$out" "operator's fare guide"
expect_not_contains "--rules: XPath drop" "$out" "Passenger groups said"
expect_contains "--rules: the rest stays" "$out" "The harbour ferry will raise"
run clean --rules "$tmp/rules.toml" --url https://keep.example/x.html "$tmp/options.html"
expect_contains "--rules: keep names the article" "$out" "Marta wrote"
expect_not_contains "--rules: nothing outside keep" "$out" "harbour ferry will raise"
run clean --rules "$tmp/rules.toml" --url https://elsewhere.example/x.html "$tmp/options.html"
expect_contains "--rules: other hosts untouched" "$out" "Passenger groups said"
printf '[[site]]\nhost = "ferry.example"\nkep = ["p"]\n' >"$tmp/bad-rules.toml"
run clean --rules "$tmp/bad-rules.toml" "$tmp/options.html"
expect_exit "--rules with an unknown key: exit 2" 2 "$rc"
expect_contains "--rules: error names file and line" "$err" "bad-rules.toml:3"
printf '[[site]]\nhost = "ferry.example"\ndrop = ["p:first-child"]\n' >"$tmp/bad-selector.toml"
run clean --rules "$tmp/bad-selector.toml" "$tmp/options.html"
expect_exit "--rules with an unsupported selector: exit 2" 2 "$rc"
expect_contains "--rules: error names the selector" "$err" "p:first-child"
run clean --rules "$tmp/missing.toml" "$tmp/options.html"
expect_exit "--rules with a missing file: exit 2" 2 "$rc"

# --- --articles-only: other page types come out empty, and are counted ---------------------------
run clean --articles-only "$tmp/page.html" "$tmp/listing.html"
expect_exit "--articles-only: exit 0" 0 "$rc"
expect_contains "--articles-only: the story's text" "$out" "$sentence"
expect_not_contains "--articles-only: nothing of the listing" "$out" "plan moves ahead"
expect_eq "--articles-only: the count on stderr" "2 pages, 0 failed; 1 not articles, left empty by --articles-only (listing x1)" "$err"
run clean "$tmp/page.html" "$tmp/listing.html"
expect_eq "without --articles-only: no count on stderr" "" "$err"
run clean --articles-only --format json "$tmp/listing.html"
expect_exit "--articles-only json: exit 0" 0 "$rc"
expect_eq "--articles-only json: no text" "" "$(json_field "$tmp/out" text)"
expect_eq "--articles-only json: word_count 0" 0 "$(json_field "$tmp/out" word_count)"
expect_eq "--articles-only json: page_type still there" "listing" "$(json_field "$tmp/out" page_type)"
expect_eq "--articles-only json: metadata still there" "Latest stories from the valley" "$(json_field "$tmp/out" title)"
expect_eq "--articles-only json: the count" "1 pages, 0 failed; 1 not articles, left empty by --articles-only (listing x1)" "$err"
run clean --articles-only "$tmp/page.html"
expect_eq "--articles-only on an article: 0 counted" "1 pages, 0 failed; 0 not articles, left empty by --articles-only" "$err"
run clean --articles-only "$tmp/page.html" "$tmp/listing.html" "$tmp/no-such-page.html"
expect_exit "--articles-only with a missing input: exit 1" 1 "$rc"
expect_contains "--articles-only with a missing input: the failure counted" "$err" "3 pages, 1 failed; 1 not articles"
run clean --articles-only --out "$tmp/articles-only" "$tmp/page.html" "$tmp/listing.html"
expect_exit "--articles-only --out: exit 0" 0 "$rc"
expect_contains "--articles-only --out: the story written" "$(cat "$tmp/articles-only/page.txt" 2>/dev/null)" "$sentence"
expect_file "--articles-only --out: the listing's file written" "$tmp/articles-only/listing.txt"
expect_eq "--articles-only --out: the listing's file empty" 0 "$(stat -c %s "$tmp/articles-only/listing.txt" 2>/dev/null)"
run clean --articles-only --store "sqlite:$tmp/articles-only.db" "$tmp/page.html" "$tmp/listing.html"
expect_exit "--articles-only --store: exit 0" 0 "$rc"
expect_contains "--articles-only --store: the store's summary" "$err" "2 new, 0 changed"
expect_contains "--articles-only --store: the count" "$err" "1 not articles, left empty by --articles-only (listing x1)"
run export --store "sqlite:$tmp/articles-only.db"
expect_eq "export: the page_type of each row" "article listing" \
  "$(python3 -c 'import json,sys; print(*sorted(json.loads(l)["page_type"] for l in sys.stdin))' <"$tmp/out")"
expect_eq "export: the listing stored without text" "" \
  "$(python3 -c 'import json,sys; print(*[r.get("text", "") for r in map(json.loads, sys.stdin) if r["page_type"] == "listing"])' <"$tmp/out")"
expect_eq "export: page_type in the SQLite table" "article listing" \
  "$(python3 -c 'import sqlite3,sys; print(*[r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT page_type FROM pages ORDER BY page_type")])' "$tmp/articles-only.db")"
run clean --warc "$tmp/fetch.warc.gz" --articles-only --format json
expect_exit "clean --warc --articles-only: exit 0" 0 "$rc"
expect_contains "clean --warc --articles-only: the count ends the archive's line" "$err" \
  "2 pages, 0 failed; 5 other records skipped (request x3, response x1, warcinfo x1); 0 not articles, left empty by --articles-only"
cp "$tmp/listing.html" "$tmp/www/listing.html"
run fetch --allow-private --delay 0 --articles-only --store "sqlite:$tmp/fetch-articles.db" "$url" \
  "http://127.0.0.1:$port/listing.html"
expect_exit "fetch --articles-only --store: exit 0" 0 "$rc"
expect_contains "fetch --articles-only --store: the count in the summary" "$err" \
  "stored in sqlite:$tmp/fetch-articles.db: 2 new, 0 changed, 0 unchanged, 0 duplicates; 1 not articles, left empty by --articles-only (listing x1)"
expect_eq "fetch --articles-only --store: the listing stored without text" "listing None" \
  "$(python3 -c 'import sqlite3,sys; print(*sqlite3.connect(sys.argv[1]).execute("SELECT page_type, text FROM pages WHERE url LIKE ?", ("%listing%",)).fetchone())' "$tmp/fetch-articles.db")"

# --- check --------------------------------------------------------------------------------------
mkdir -p "$tmp/samples"
cp "$tmp/page.html" "$tmp/samples/story.html"
run check "$tmp/samples"
expect_exit "check without expectation: exit 1" 1 "$rc"
expect_contains "check without expectation: hint" "$out" "no expected file"
run check --update "$tmp/samples"
expect_exit "check --update: exit 0" 0 "$rc"
expect_contains "check --update: count on stderr" "$err" "updated 1"
expect_eq "check --update: nothing on stdout (no report)" "" "$out"
expect_file "check --update: expectation written" "$tmp/samples/story.expected.txt"
expect_eq "check expectation: title line" "title: Winnow Test Article" "$(head -n 1 "$tmp/samples/story.expected.txt")"
expect_eq "check expectation: page_type line" "page_type: article" "$(sed -n 6p "$tmp/samples/story.expected.txt")"
expect_eq "check expectation: is_article line" "is_article: true" "$(sed -n 7p "$tmp/samples/story.expected.txt")"
expect_eq "check expectation: separator" "---" "$(sed -n 8p "$tmp/samples/story.expected.txt")"
mkdir -p "$tmp/samples-listing"
cp "$tmp/listing.html" "$tmp/samples-listing/listing.html"
run check --update "$tmp/samples-listing"
expect_eq "check expectation of a listing: page_type line" "page_type: listing" \
  "$(sed -n 6p "$tmp/samples-listing/listing.expected.txt")"
expect_eq "check expectation of a listing: is_article line" "is_article: false" \
  "$(sed -n 7p "$tmp/samples-listing/listing.expected.txt")"
run check "$tmp/samples"
expect_exit "check: passing sample exits 0" 0 "$rc"
expect_eq "check: summary on stderr" "1 passed, 0 failed" "$err"
run check --no-prescan "$tmp/samples"
expect_exit "check --no-prescan: the expectation written with the prescan passes" 0 "$rc"
expect_eq "check: nothing on stdout when all passed (the report is the failures)" "" "$out"
run -q check "$tmp/samples"
expect_eq "-q check: no counts" "" "$err"
sed -i 's/quick brown fox/slow grey wolf/' "$tmp/samples/story.expected.txt"
run check "$tmp/samples"
expect_exit "check: edited expectation exits 1" 1 "$rc"
expect_contains "check: FAIL line" "$out" "FAIL story"
expect_contains "check: diff shows expected" "$out" "-The slow grey wolf"
expect_contains "check: diff shows actual" "$out" "+The quick brown fox"
expect_eq "check: the counts on stderr" "0 passed, 1 failed" "$err"

# An empty folder is a mistake (a wrong path, a glob that matched nothing), not a pass.
mkdir -p "$tmp/no-samples"
run check "$tmp/no-samples"
expect_exit "check of a folder without samples: exit 2" 2 "$rc"
expect_contains "check of a folder without samples: says so" "$err" "no-samples: no samples here"
expect_not_contains "check of a folder without samples: no summary" "$out$err" "0 passed"

# Per-sample settings: a site rule regression-tested through NAME.toml, check.toml for the folder.
mkdir -p "$tmp/ruled"
cat >"$tmp/ruled/promo.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry timetable changes</title></head>
<body><article><h1>Ferry timetable changes</h1>
<p>The quick brown fox jumps over the lazy dog while the ferry crew prepares the new timetable,
which adds two crossings in the morning and one late crossing on Fridays from next month.</p>
<p class="tip">Bring your bicycle along: the summer ferry takes six of them on every crossing.</p>
<p>Meanwhile the harbour office answered questions about season tickets, prices and parking near
the quay, and promised a printed timetable in every shop of the village by the end of the week.</p>
</article></body></html>
EOF
cp "$tmp/ruled/promo.html" "$tmp/ruled/plain.html"
cat >"$tmp/ruled/check.toml" <<'EOF'
url = "https://folder.example/news/ferry"
EOF
cat >"$tmp/ruled/promo.toml" <<'EOF'
url = "https://ferry.example/news/timetable"   # the sample's own URL goes over the folder's

[clean]
keep_comments = false

[[site]]
host = "ferry.example"
drop = [".tip"]
EOF
run check --update "$tmp/ruled"
expect_exit "check --update with settings files: exit 0" 0 "$rc"
expect_contains "check --update with settings files: both samples (on stderr)" "$err" "updated 2"
expect_not_contains "NAME.toml: its site rule dropped the box" "$(cat "$tmp/ruled/promo.expected.txt")" "summer ferry takes six"
expect_contains "check.toml alone: no rule for its host, the box kept" "$(cat "$tmp/ruled/plain.expected.txt")" "summer ferry takes six"
run check "$tmp/ruled"
expect_exit "check with settings files: passes" 0 "$rc"
expect_eq "check with settings files: the summary on stderr" "2 passed, 0 failed" "$err"
expect_eq "check with settings files: no report on stdout when all pass" "" "$out"
sed -i 's/drop = \[".tip"\]/drop = [".nothing"]/' "$tmp/ruled/promo.toml"
run check "$tmp/ruled"
expect_exit "a site rule that regresses fails its sample" 1 "$rc"
expect_contains "a site rule that regresses: the diff shows the box back" "$out" "+Bring your bicycle along"
sed -i 's/drop = \[".nothing"\]/drop = [".tip"]/' "$tmp/ruled/promo.toml"
printf '\n[clean]\nprescan = false\n' >>"$tmp/ruled/check.toml"
run check "$tmp/ruled"
expect_exit "check.toml prescan = false: read, and the samples still pass" 0 "$rc"
printf 'url = "https://folder.example/news/ferry"\n[clean]\nprescan = "no"\n' >"$tmp/ruled/check.toml"
run check "$tmp/ruled"
expect_exit "check.toml prescan = \"no\": exit 2" 2 "$rc"
expect_contains "check.toml prescan = \"no\": file, line and what to write" "$err" "check.toml:3:11: 'prescan' must be true or false"
printf 'url = "https://folder.example/news/ferry"\n' >"$tmp/ruled/check.toml"
printf '\n[clean]\nkeep_captionz = true\n' >>"$tmp/ruled/check.toml"
run check "$tmp/ruled"
expect_exit "an unknown key in check.toml: exit 2" 2 "$rc"
expect_contains "an unknown key: file, line and the nearest key" "$err" "check.toml:4:1: unknown key 'keep_captionz' in [clean] (did you mean 'keep_captions'?)"
printf 'url = "https://folder.example/news/ferry"\nsamples = 3\n' >"$tmp/ruled/check.toml"
run check "$tmp/ruled"
expect_contains "an unknown top-level key: named with its line" "$err" "check.toml:2:1: unknown key 'samples' at top level"
printf 'url = "https://folder.example/news/ferry"\n' >"$tmp/ruled/check.toml"
printf '[[site]]\nhost = "ferry.example"\ndrop = ["p:hover"]\n' >"$tmp/ruled/bad.toml"
cp "$tmp/ruled/plain.html" "$tmp/ruled/bad.html"
run check "$tmp/ruled"
expect_exit "a bad selector in NAME.toml: exit 2" 2 "$rc"
expect_contains "a bad selector in NAME.toml: names the file" "$err" "bad.toml:1"
rm "$tmp/ruled/bad.toml" "$tmp/ruled/bad.html"

# The cleaner options and --rules on the command line, for every sample.
mkdir -p "$tmp/cli-ruled"
cp "$tmp/ruled/plain.html" "$tmp/cli-ruled/plain.html"
printf '[[site]]\nhost = "folder.example"\ndrop = [".tip"]\n' >"$tmp/cli-rules.toml"
printf 'url = "https://folder.example/news/ferry"\n' >"$tmp/cli-ruled/check.toml"
run check --update --rules "$tmp/cli-rules.toml" "$tmp/cli-ruled"
expect_exit "check --rules: exit 0" 0 "$rc"
expect_not_contains "check --rules: the rule applied" "$(cat "$tmp/cli-ruled/plain.expected.txt" 2>/dev/null)" "summer ferry takes six"
run check --precision --no-tables --keep-comments "$tmp/cli-ruled"
expect_exit "check takes the cleaner options" 1 "$rc"  # without --rules, the box is back
expect_contains "check without --rules: the box is back" "$out" "+Bring your bicycle along"

# --- the cleaner's guards: a page over them is reported, the others are cleaned --------------------
python3 -c 'import sys; open(sys.argv[1], "w").write("<html><body>" + "<div><p>cell</p></div>" * 300000 + "</body></html>")' "$tmp/huge.html"
run clean "$tmp/huge.html" "$tmp/page.html" --format json
expect_exit "clean: a page of 600 000 elements among others: exit 1" 1 "$rc"
expect_contains "clean: the big page is named, with its count and the limit" "$err" "huge.html: not cleaned: 600 002 elements, over the limit of 200 000"
expect_contains "clean: the other page is still cleaned" "$out" "$sentence"
run clean "$tmp/huge.html" --max-elements 0 --time-budget 0.001
expect_exit "clean --time-budget 0.001: exit 1" 1 "$rc"
expect_contains "clean --time-budget: says so" "$err" "not cleaned: over the time budget of 0.001 s"
run clean "$tmp/page.html" --max-elements 5
expect_contains "clean --max-elements 5: a small page is over it too" "$err" "over the limit of 5"
run clean "$tmp/page.html" --time-budget -1
expect_exit "clean --time-budget -1: usage error" 2 "$rc"

fi

finish_tests "cli ($part)"
