#!/usr/bin/env bash
# End-to-end tests of `winnow crawl` against tests/site_server on 127.0.0.1: samples/site (a
# news site with feeds, sitemaps, redirects, broken links, a disallowed page, a syndicated copy)
# and generated sites of 1 000+ pages. What the server saw is read from its request log.
# Usage: tests/crawl_test.sh path/to/winnow path/to/site_server
set -u

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_winnow_and_site_server "$@"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tmp=$(mktemp -d /tmp/winnow-crawl-XXXXXX)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT


run() {  # winnow arguments; sets rc, out, err
  timeout 300 "$winnow" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}
sql() { python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$@"; }
summary() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=d
for k in sys.argv[2].split("."): v=v.get(k, 0) if isinstance(v, dict) else 0
print(v)' "$@"; }
requests() {  # LOG PATH: how many times the server was asked for PATH
  awk -v p="$2" '$4 == p' "$1" | wc -l
}


write_config() {  # FILE STORE SEED-OR-"" then extra TOML lines
  local file=$1 store=$2 seed=$3
  shift 3
  {
    echo "store = \"$store\""
    echo "allow_private_addresses = true"
    [[ -n $seed ]] && echo "seeds = [\"$seed\"]"
    printf '%s\n' "$@"
  } >"$file"
}

# --- the news site, by links, robots.txt sitemaps and feeds -----------------------------------
cp -r "$repo/samples/site" "$tmp/site"
start_server news --root "$tmp/site"
write_config "$tmp/news.toml" "sqlite:$tmp/news.db" "$origin_news/" "[politeness]" "delay = 0" \
  "[recrawl]" "article = \"30s\"" "section = \"30s\"" "feed = \"30s\"" "sitemap = \"30s\""
# The interval is long enough that a first crawl slowed down by a busy machine still ends before
# its first pages are due again; the recrawl below waits for it from the end of that crawl.
run crawl "$tmp/news.toml" --once --summary-json "$tmp/news1.json"
first_crawl_end=$(date +%s)
expect_eq "news site: exit 1 (it has broken links)" 1 "$rc"
expect_eq "news site: nothing on stdout (data only)" "" "$out"
# No terminal and some URLs failed: what cron mails is the summary and the first failed URLs.
expect_eq "news site, failed URLs and no terminal: the summary line first on stderr" "crawl news:" "$(head -n 1 "$tmp/err" | cut -c 1-11)"
expect_contains "news site, no terminal: the failed URLs listed" "$err" "/world/election-night-live.html: http: HTTP 404"
articles=$(sql "$tmp/news.db" "SELECT count(*) FROM pages WHERE is_article = 1")
expect_ge "news site: the 23 articles stored" 23 "$articles"
expect_eq "news site: the orphan (in the sitemap only, found through robots.txt)" 1 \
  "$(sql "$tmp/news.db" "SELECT count(*) FROM pages WHERE url LIKE '%/local/night-bus-trial.html'")"
# Whichever of the two came first is the original.
expect_eq "news site: the syndicated copy and the original, one pointing to the other" 1 \
  "$(sql "$tmp/news.db" "SELECT count(*) FROM pages WHERE (url LIKE '%/world/wire-north-korean-minister-in-russia.html' AND duplicate_of LIKE '%/world/north-korea-foreign-minister-moscow-talks.html') OR (url LIKE '%/world/north-korea-foreign-minister-moscow-talks.html' AND duplicate_of LIKE '%/world/wire-north-korean-minister-in-russia.html')")"
expect_eq "news site: the robots-disallowed page never requested" 0 "$(requests "$tmp/news.log" /private/staff-rota.html)"
expect_eq "news site: nothing of another host in the frontier" 0 "$(sql "$tmp/news.db" "SELECT count(*) FROM frontier WHERE url LIKE '%press.example%'")"
expect_eq "news site: the RSS feed read as a feed" 1 "$(sql "$tmp/news.db" "SELECT kind FROM frontier WHERE url LIKE '%/feed.xml'")"
expect_eq "news site: the gzip sitemap read" 1 "$(requests "$tmp/news.log" /sitemap-sections.xml.gz)"
expect_eq "news site: a section front fetched once" 1 "$(requests "$tmp/news.log" /section/world.html)"
expect_eq "news site: a 404 recorded with its status" 404 \
  "$(sql "$tmp/news.db" "SELECT last_status FROM frontier WHERE url LIKE '%/world/election-night-live.html'")"
expect_contains "news site: the redirect loop recorded" \
  "$(sql "$tmp/news.db" "SELECT last_error FROM frontier WHERE url LIKE '%/loop/a.html'")" "redirect"
expect_eq "news site: summary JSON counts the 404s (three broken links, one redirect to a missing page)" 4 \
  "$(summary "$tmp/news1.json" statuses.404)"
expect_eq "news site: home page is not an article" 0 \
  "$(sql "$tmp/news.db" "SELECT is_article FROM pages WHERE url = '$origin_news/'")"

# Again at once: nothing is due.
run crawl "$tmp/news.toml" --once --summary-json "$tmp/news2.json"
expect_eq "news site again at once: exit 0" 0 "$rc"
expect_eq "news site again at once: all went well and no terminal, nothing on stdout or stderr" "" "$out$err"
expect_eq "news site again at once: nothing fetched" 0 "$(summary "$tmp/news2.json" fetched)"

# After the recrawl interval: unchanged pages answer 304; one changed page is updated.
wait_s=$((first_crawl_end + 31 - $(date +%s)))
(( wait_s > 0 )) && sleep "$wait_s"
sed -i 's|<p>HARLOW SPRINGS -- |<p>Update: the concert moves to Sunday because of the storm. HARLOW SPRINGS -- |' \
  "$tmp/site/local/bandstand-restored-courthouse-park.html"
changed_file=$(grep -l "concert moves to Sunday" "$tmp"/site/local/*.html | head -n 1)
stored_before=$(sql "$tmp/news.db" "SELECT count(*) FROM pages")
run crawl "$tmp/news.toml" --once --summary-json "$tmp/news3.json"
expect_ge "recrawl: conditional requests answered 304" 20 "$(summary "$tmp/news3.json" not_modified)"
if [[ -n $changed_file ]]; then
  expect_eq "recrawl: the changed page updated" 1 "$(summary "$tmp/news3.json" changed)"
else
  fail "recrawl: a page to change" "no page matched"
fi
expect_eq "recrawl: no new rows" "$stored_before" "$(sql "$tmp/news.db" "SELECT count(*) FROM pages")"
expect_eq "recrawl: last_seen moved for unchanged pages" 0 \
  "$(sql "$tmp/news.db" "SELECT count(*) FROM pages WHERE is_article = 1 AND last_seen = first_seen")"

# page_type is stored beside is_article; with [clean] articles_only the other pages are stored
# without text, and the crawl still finds the articles through them.
expect_eq "news site: page_type 'article' exactly where is_article" 0 \
  "$(sql "$tmp/news.db" "SELECT count(*) FROM pages WHERE (page_type = 'article') <> (is_article = 1) OR page_type IS NULL")"
expect_eq "news site: the home page is a listing" listing \
  "$(sql "$tmp/news.db" "SELECT page_type FROM pages WHERE url = '$origin_news/'")"
write_config "$tmp/articles.toml" "sqlite:$tmp/articles.db" "$origin_news/" "[politeness]" "delay = 0" \
  "[clean]" "articles_only = true"
run crawl "$tmp/articles.toml" --once
expect_eq "articles_only: every article stored, as without it" \
  "$(sql "$tmp/news.db" "SELECT group_concat(url) FROM (SELECT url FROM pages WHERE is_article = 1 ORDER BY url)")" \
  "$(sql "$tmp/articles.db" "SELECT group_concat(url) FROM (SELECT url FROM pages WHERE is_article = 1 ORDER BY url)")"
expect_eq "articles_only: every article has its text" 0 \
  "$(sql "$tmp/articles.db" "SELECT count(*) FROM pages WHERE is_article = 1 AND text IS NULL")"
expect_ge "articles_only: the listings stored too" 1 \
  "$(sql "$tmp/articles.db" "SELECT count(*) FROM pages WHERE page_type = 'listing'")"
expect_eq "articles_only: no text but articles'" 0 \
  "$(sql "$tmp/articles.db" "SELECT count(*) FROM pages WHERE page_type <> 'article' AND text IS NOT NULL")"
run crawl "$tmp/articles.toml" --print-config
expect_contains "articles_only: in the printed config" "$out" "articles_only = true"

# Depth: with max_depth = 1 only the seed's links are followed.
write_config "$tmp/shallow.toml" "sqlite:$tmp/shallow.db" "$origin_news/section/world.html" "sitemaps_from_robots = false" \
  "[politeness]" "delay = 0" "[scope]" "max_depth = 1"
run crawl "$tmp/shallow.toml" --once
shallow=$(sql "$tmp/shallow.db" "SELECT max(depth) FROM frontier")
expect_eq "max_depth = 1: nothing deeper in the frontier" 1 "$shallow"
expect_eq "max_depth = 1: the depth-1 pages fetched, not their links" 0 \
  "$(sql "$tmp/shallow.db" "SELECT count(*) FROM frontier WHERE depth = 1 AND last_fetched IS NULL")"

# include / exclude patterns.
write_config "$tmp/scoped.toml" "sqlite:$tmp/scoped.db" "$origin_news/" "sitemaps_from_robots = false" \
  "[politeness]" "delay = 0" "[scope]" "exclude = ['/life/', '/business/']"
run crawl "$tmp/scoped.toml" --once
expect_eq "exclude: no /life/ or /business/ URL known" 0 \
  "$(sql "$tmp/scoped.db" "SELECT count(*) FROM frontier WHERE url LIKE '%/life/%' OR url LIKE '%/business/%'")"
expect_ge "exclude: the rest crawled" 10 "$(sql "$tmp/scoped.db" "SELECT count(*) FROM pages")"

# --- errors, config and exit codes ---------------------------------------------------------------
printf 'store = "sqlite:%s/x.db"\nseeds = ["%s/"]\n[politeness]\nconcurency = 4\n' "$tmp" "$origin_news" >"$tmp/typo.toml"
run crawl "$tmp/typo.toml" --once
expect_eq "config with an unknown key: exit 2" 2 "$rc"
expect_contains "config error names file and line" "$err" "typo.toml:4"
expect_contains "config error hints" "$err" "concurrency"
write_config "$tmp/nostore.toml" "sqlite:/nonexistent-dir/x.db" "$origin_news/"
run crawl "$tmp/nostore.toml" --once
expect_eq "unreachable store: exit 4" 4 "$rc"
run crawl "$tmp/news.toml" --print-config
expect_eq "--print-config: exit 0" 0 "$rc"
printf '%s\n' "$out" >"$tmp/printed.toml"
run crawl "$tmp/printed.toml" --dry-run
expect_eq "--print-config output loads again (--dry-run)" 0 "$rc"
expect_contains "--dry-run: shows the frontier" "$out" "known"

# --- a generated site of 1 200 pages: everything, once; lock; SIGKILL and resume; SIGTERM --------
# 40 ms an answer, 8 at a time: a crawl takes 6 s or more, so the first commit (after 2 s) leaves
# seconds for the second run and the signals to land while the crawl still runs (at 20 ms a faster
# crawler sometimes finished first on a busy machine).
start_server gen --generate 1200 --links 4 --delay-ms 40
write_config "$tmp/gen.toml" "sqlite:$tmp/gen.db" "" "sitemaps = [\"$origin_gen/sitemap.xml\"]" \
  "[politeness]" "delay = 0" "concurrency = 8" "per_host = 8"
"$winnow" crawl "$tmp/gen.toml" --once >"$tmp/gen1.out" 2>"$tmp/gen1.err" &
crawler=$!
for _ in $(seq 1 300); do
  [[ $(sql "$tmp/gen.db" "SELECT count(*) FROM pages" 2>/dev/null || echo 0) -ge 100 ]] && break
  sleep 0.1
done
run crawl "$tmp/gen.toml" --once
expect_eq "a second run while one runs: exit 3" 3 "$rc"
expect_contains "a second run: says another run holds the lock" "$err" "another run"
kill -KILL "$crawler"
wait "$crawler" 2>/dev/null
stored=$(sql "$tmp/gen.db" "SELECT count(*) FROM pages")
expect_eq "killed mid-crawl: the database is sound" ok "$(sql "$tmp/gen.db" "PRAGMA integrity_check")"
python3 -c 'import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
open(sys.argv[2],"w").write("\n".join(r[0].split("/",3)[3] for r in c.execute("SELECT url FROM pages")))' \
  "$tmp/gen.db" "$tmp/stored-before"
lines_before=$(wc -l <"$tmp/gen.log")
run crawl "$tmp/gen.toml" --once --summary-json "$tmp/gen2.json"
expect_eq "resumed: exit 0" 0 "$rc"
expect_eq "resumed: every page stored once" 1200 "$(sql "$tmp/gen.db" "SELECT count(*) FROM pages WHERE url LIKE '%/articles/%'")"
refetched=$(tail -n +"$((lines_before + 1))" "$tmp/gen.log" | awk '{print substr($4, 2)}' | grep -Fxc -f "$tmp/stored-before")
expect_eq "resumed: none of the $stored pages stored before the kill fetched again" 0 "$refetched"

# SIGTERM: in-flight transfers finish, the batch is committed, exit 0 with a summary.
rm -f "$tmp/gen.db"*
"$winnow" crawl "$tmp/gen.toml" --once --summary-json "$tmp/gen3.json" >"$tmp/gen3.out" 2>"$tmp/gen3.err" &
crawler=$!
for _ in $(seq 1 300); do
  [[ $(sql "$tmp/gen.db" "SELECT count(*) FROM pages" 2>/dev/null || echo 0) -ge 50 ]] && break
  sleep 0.1
done
kill -TERM "$crawler"
wait "$crawler"
expect_eq "SIGTERM: exit 0" 0 "$?"
expect_eq "SIGTERM: summary says interrupted" True "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["interrupted"])' "$tmp/gen3.json")"
expect_eq "SIGTERM: stored pages match the summary" "$(summary "$tmp/gen3.json" new)" \
  "$(sql "$tmp/gen.db" "SELECT count(*) FROM pages")"
expect_eq "SIGTERM: nothing left leased" 0 "$(sql "$tmp/gen.db" "SELECT count(*) FROM frontier WHERE state = 1")"

# --max-pages and a log file.
write_config "$tmp/capped.toml" "sqlite:$tmp/capped.db" "" "sitemaps = [\"$origin_gen/sitemap.xml\"]" \
  "[politeness]" "delay = 0" "[log]" "file = \"$tmp/logs/capped.log\"" "level = \"debug\""
mkdir -p "$tmp/logs"
run crawl "$tmp/capped.toml" --once --max-pages 7 --summary-json "$tmp/capped.json"
expect_eq "--max-pages 7: exit 0" 0 "$rc"
expect_eq "--max-pages 7: seven pages stored" 7 "$(sql "$tmp/capped.db" "SELECT count(*) FROM pages")"
expect_contains "[log] file: the summary is in the log" "$(cat "$tmp/logs/capped.log" 2>/dev/null)" "crawl capped:"
run crawl "$tmp/capped.toml" --once --max-pages 7
expect_eq "--max-pages 7 again: seven more" 14 "$(sql "$tmp/capped.db" "SELECT count(*) FROM pages")"

# A page over the cleaner's guards: recorded as failed with kind "limit" and given up, not retried.
write_config "$tmp/guarded.toml" "sqlite:$tmp/guarded.db" "$origin_news/" "sitemaps_from_robots = false" \
  "[politeness]" "delay = 0" "[clean]" "max_elements = 40"
run crawl "$tmp/guarded.toml" --once --max-pages 1 --summary-json "$tmp/guarded.json"
expect_eq "max_elements = 40: exit 1" 1 "$rc"
expect_eq "max_elements = 40: the home page is an error of kind limit" 1 "$(summary "$tmp/guarded.json" errors.limit)"
expect_eq "max_elements = 40: given up, with the reason" 1 \
  "$(sql "$tmp/guarded.db" "SELECT count(*) FROM frontier WHERE state = 2 AND last_error LIKE 'limit: not cleaned: % elements, over the limit of 40'")"
expect_eq "max_elements = 40: nothing stored" 0 "$(sql "$tmp/guarded.db" "SELECT count(*) FROM pages")"

# --- no config: URLs, --sitemap, --feed with the defaults; streams and verbosity ----------------
start_server small --generate 5 --links 2
mkdir -p "$tmp/here"
# The default store, winnow.db, in the current folder (as beside a config file); the default
# politeness (1 s between requests to a host) makes this a run of some seconds.
(cd "$tmp/here" && timeout 300 "$winnow" crawl "$origin_small/articles/0.html" --once --allow-private >"$tmp/out" 2>"$tmp/err")
rc=$?
expect_eq "URL, no config: exit 0" 0 "$rc"
expect_eq "URL, no config: all went well and no terminal, nothing on stdout or stderr" "" "$(cat "$tmp/out" "$tmp/err")"
expect_eq "URL, no config: the default store in the current folder, every article in it" 5 \
  "$(sql "$tmp/here/winnow.db" "SELECT count(*) FROM pages WHERE url LIKE '%/articles/%'")"
expect_eq "URL, no config: robots.txt read (the default politeness)" 1 "$(requests "$tmp/small.log" /robots.txt)"
expect_eq "URL, no config: the scope is the URL's host" \
  "$(sql "$tmp/here/winnow.db" "SELECT count(*) FROM frontier")" \
  "$(sql "$tmp/here/winnow.db" "SELECT count(*) FROM frontier WHERE url LIKE '$origin_small/%'")"

run crawl "$origin_small/articles/0.html" --once --store "sqlite:$tmp/refused.db"
expect_eq "URL on 127.0.0.1 without --allow-private: refused, exit 1" 1 "$rc"
expect_contains "URL without --allow-private: says why" "$err" "private addresses are not allowed"
expect_eq "URL without --allow-private: nothing on stdout" "" "$out"
run -q crawl "$origin_small/articles/0.html" --once --store "sqlite:$tmp/quiet.db"
expect_eq "-q, a failed URL: exit 1" 1 "$rc"
expect_eq "-q, a failed URL: nothing on stderr (errors only)" "" "$err"
run -q crawl "$origin_small/" --once --allow-private --store "sqlite:/nonexistent-dir/x.db"
expect_eq "-q, a store that cannot be opened: exit 4" 4 "$rc"
expect_contains "-q: the error still shown" "$err" "/nonexistent-dir/x.db"

run -v crawl --sitemap "$origin_small/sitemap.xml" --once --allow-private --max-pages 2 --store "sqlite:$tmp/sitemap.db"
expect_eq "--sitemap, -v: exit 0" 0 "$rc"
expect_eq "--sitemap: nothing on stdout" "" "$out"
expect_eq "--sitemap: read as a sitemap" 2 "$(sql "$tmp/sitemap.db" "SELECT kind FROM frontier WHERE url = '$origin_small/sitemap.xml'")"
expect_eq "--sitemap --max-pages 2: two pages stored" 2 "$(sql "$tmp/sitemap.db" "SELECT count(*) FROM pages")"
expect_contains "-v without a terminal: the summary line" "$err" "crawl 127.0.0.1: "
expect_contains "-v: a line per page" "$err" "/sitemap.xml: listed "
expect_eq "-v: a line per stored page" 2 "$(grep -c ': new$' "$tmp/err")"

run crawl --feed "$origin_small/feed.xml" --once --allow-private --max-pages 1 --store "sqlite:$tmp/feed.db"
expect_eq "--feed: exit 0" 0 "$rc"
expect_eq "--feed: read as a feed" 1 "$(sql "$tmp/feed.db" "SELECT kind FROM frontier WHERE url = '$origin_small/feed.xml'")"
expect_eq "--feed --max-pages 1: one page stored" 1 "$(sql "$tmp/feed.db" "SELECT count(*) FROM pages")"

# With a terminal on stderr (script(1) gives one): the summary line there.
if command -v script >/dev/null; then
  script -qec "$(printf '%q ' "$winnow" crawl "$origin_small/" --once --allow-private --max-pages 1 --store "sqlite:$tmp/tty.db") 2>&1 >$(printf '%q' "$tmp/tty.out")" /dev/null >"$tmp/tty.err" </dev/null
  expect_contains "a terminal: the summary line on stderr" "$(cat "$tmp/tty.err")" "crawl 127.0.0.1: 1 fetched"
  expect_eq "a terminal: nothing on stdout" "" "$(cat "$tmp/tty.out")"
fi

# A config file and URLs: the URLs are added to its seeds, each within its host.
run crawl "$tmp/news.toml" "https://other.example/start" --print-config
expect_contains "config + URL: the URL added to the seeds" "$out" "\"https://other.example/start\""
expect_contains "config + URL: its host in scope" "$out" "\"other.example\""
run crawl --print-config "$origin_small/" --sitemap "$origin_small/sitemap.xml" --allow-private
expect_contains "URL, --print-config: the default store" "$out" "store = \"sqlite:$PWD/winnow.db\""
expect_contains "URL, --print-config: --allow-private" "$out" "allow_private_addresses = true"
run crawl --sitemap "https://a.example/s.xml" "https://c.example/" --feed "https://b.example/f.xml" --print-config
expect_contains "--sitemap takes one URL: the next argument is a seed" "$out" 'seeds = ["https://c.example/"]'
expect_contains "--sitemap and --feed: their URLs" "$out" 'sitemaps = ["https://a.example/s.xml"]'
expect_contains "no config: the name is the first URL's host" "$out" 'name = "c.example"'
run crawl "$tmp/news.toml" "$tmp/articles.toml"
expect_eq "two config files: exit 2" 2 "$rc"
run crawl "ftp://example.com/"
expect_eq "a URL that is not http(s): exit 2" 2 "$rc"
expect_contains "a URL that is not http(s): named" "$err" "ftp://example.com/"
run crawl --once
expect_eq "nothing to crawl: exit 2" 2 "$rc"
expect_contains "nothing to crawl: says what to give" "$err" "nothing to crawl"
run crawl --dry-run "$origin_small/" --store "sqlite:$tmp/sitemap.db"
expect_eq "--dry-run: exit 0" 0 "$rc"
expect_contains "--dry-run: the report on stdout (it was asked for)" "$out" "frontier:"
expect_eq "--dry-run: nothing on stderr" "" "$err"

finish_tests
