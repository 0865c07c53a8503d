#!/usr/bin/env bash
# tests/site_server against curl: the samples/site directory (pages, 404, redirects, validators
# and 304, the {{ORIGIN}} placeholder, the gzip sitemap, a page changed while it runs) and a
# generated site on three origins (sitemaps, feed, links across origins, determinism, 64
# connections served at once), the request log, usage errors, SIGTERM / SIGINT, and --chaos (each
# fault as a raw client sees it, against the log's account of it; determinism; retries).
# Usage: tests/site_server_test.sh path/to/site_server
set -u

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/site_server" >&2
  exit 2
fi
server=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tmp=$(mktemp -d /tmp/winnow-site-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# start NAME LINES ARGS...: runs the server in the background, waits for its LINES origin lines;
# sets $pid and the array origins.
start() {
  local name=$1 lines=$2
  shift 2
: >"$tmp/$name.out"
  "$server" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do
    [[ $(wc -l <"$tmp/$name.out") -ge $lines ]] && break
    sleep 0.1
  done
  mapfile -t origins <"$tmp/$name.out"
}

# get URL [curl options...]: body in $body, status in $status, headers in $headers.
get() {
  local url=$1
  shift
  rm -f "$tmp/body"
  status=$(curl -s --max-time 20 -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' "$@" "$url")
  body=""
  if [[ -f $tmp/body ]]; then body=$(tr -d '\0' <"$tmp/body"); fi
  headers=$(tr -d '\r' <"$tmp/headers")
}
header() { printf '%s\n' "$headers" | grep -i "^$1:" | head -n 1 | cut -d' ' -f2-; }

# stop PID SIGNAL: the exit code, or 124 when it does not stop within 10 s.
stop() {
  kill "-$2" "$1"
  for _ in $(seq 100); do
    if ! kill -0 "$1" 2>/dev/null; then
      wait "$1"
      return $?
    fi
    sleep 0.1
  done
  return 124
}

# --- usage errors ---------------------------------------------------------------------------
"$server" >/dev/null 2>&1
expect_eq "no site: usage error" 2 $?
"$server" --root "$repo/samples/site" --generate 5 >/dev/null 2>&1
expect_eq "--root with --generate: usage error" 2 $?
"$server" --root "$repo/samples/site" --links 3 >/dev/null 2>&1
expect_eq "--links without --generate: usage error" 2 $?
"$server" --generate 5 --chaos-seed 3 >/dev/null 2>&1
expect_eq "--chaos-seed without --chaos: usage error" 2 $?
"$server" --generate 5 --chaos 1.5 >/dev/null 2>&1
expect_eq "--chaos over 1: usage error" 2 $?
"$server" --generate 5 --chaos 0.5 --chaos-only '(' >/dev/null 2>"$tmp/regex.err"
expect_eq "--chaos-only with a bad regex: usage error" 2 $?
expect_contains "--chaos-only with a bad regex: says so" "$(cat "$tmp/regex.err")" "not a regex"
mkdir -p "$tmp/bad"
printf '/a.html /b.html\nnot-a-path /c.html\n/d.html /e.html 200\n' >"$tmp/bad/_redirects"
"$server" --root "$tmp/bad" >/dev/null 2>"$tmp/bad.err"
expect_eq "bad _redirects: usage error" 2 $?
expect_contains "bad _redirects: line 2 named" "$(cat "$tmp/bad.err")" "_redirects:2:"
expect_contains "bad _redirects: line 3 named" "$(cat "$tmp/bad.err")" "_redirects:3:"

# --- samples/site, from a copy so that a page can change while it is served --------------------
cp -r "$repo/samples/site" "$tmp/site"
start site 1 --root "$tmp/site" --log "$tmp/site.log"
site_pid=$pid
origin=${origins[0]:-}
if [[ $origin =~ ^http://127\.0\.0\.1:[0-9]+$ ]]; then pass "site: origin line printed"; else fail "site: origin line printed" "got: $origin"; fi
port=${origin##*:}
requests=0

get "$origin/"; requests=$((requests + 1))
expect_eq "home: 200" 200 "$status"
expect_eq "home: HTML type" "text/html; charset=utf-8" "$(header Content-Type)"
expect_contains "home: links the RSS feed in its head" "$body" '<link rel="alternate" type="application/rss+xml"'
expect_contains "home: canonical filled with the origin" "$body" "<link rel=\"canonical\" href=\"$origin/\">"

get "$origin/world/north-korea-foreign-minister-moscow-talks.html"; requests=$((requests + 1))
expect_eq "article: 200" 200 "$status"
expect_contains "article: its text" "$body" "Choe Son Hui arrived in Moscow on Sunday"
expect_not_contains "article: no placeholder left" "$body" "{{ORIGIN}}"
etag=$(header ETag)
last_modified=$(header Last-Modified)
if [[ $etag =~ ^\"[0-9a-f]{16}\"$ ]]; then pass "article: strong ETag"; else fail "article: strong ETag" "got: $etag"; fi
expect_contains "article: Last-Modified is an HTTP date" "$last_modified" " GMT"

get "$origin/world/north-korea-foreign-minister-moscow-talks.html" -H "If-None-Match: $etag"; requests=$((requests + 1))
expect_eq "If-None-Match with the ETag: 304" 304 "$status"
expect_eq "304: empty body" "" "$body"
expect_eq "304: carries the ETag" "$etag" "$(header ETag)"
get "$origin/world/north-korea-foreign-minister-moscow-talks.html" -H "If-None-Match: W/\"0\", $etag"; requests=$((requests + 1))
expect_eq "If-None-Match list, weak comparison: 304" 304 "$status"
get "$origin/world/north-korea-foreign-minister-moscow-talks.html" -H "If-Modified-Since: $last_modified"; requests=$((requests + 1))
expect_eq "If-Modified-Since the Last-Modified: 304" 304 "$status"
get "$origin/world/north-korea-foreign-minister-moscow-talks.html" -H 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT'; requests=$((requests + 1))
expect_eq "If-Modified-Since long ago: 200" 200 "$status"
get "$origin/world/north-korea-foreign-minister-moscow-talks.html" -H 'If-None-Match: "0000000000000000"' -H "If-Modified-Since: $last_modified"; requests=$((requests + 1))
expect_eq "another ETag wins over If-Modified-Since: 200" 200 "$status"

# A test changes a page between two crawls: the next request sees it, and the old ETag no longer matches.
page="$tmp/site/life/dark-winter-mornings.html"
get "$origin/life/dark-winter-mornings.html"; requests=$((requests + 1))
old_etag=$(header ETag)
sed -i 's/Sleep researchers hear/Sleep scientists hear/' "$page"
get "$origin/life/dark-winter-mornings.html" -H "If-None-Match: $old_etag"; requests=$((requests + 1))
expect_eq "changed page: old ETag gets 200" 200 "$status"
expect_contains "changed page: new text served" "$body" "Sleep scientists hear"
if [[ $(header ETag) != "$old_etag" ]]; then pass "changed page: new ETag"; else fail "changed page: new ETag" "still $old_etag"; fi

get "$origin/no-such-page.html"; requests=$((requests + 1))
expect_eq "missing page: 404" 404 "$status"
expect_contains "missing page: the site's error page" "$body" "Page not found"
get "$origin/_redirects"; requests=$((requests + 1))
expect_eq "_redirects is not served" 404 "$status"
get "$origin/_404.html"; requests=$((requests + 1))
expect_eq "_404.html is not served" 404 "$status"
get "$origin/%2e%2e/site/index.html" --path-as-is; requests=$((requests + 1))
expect_eq "no way out of the root" 404 "$status"
get "$origin/section"; requests=$((requests + 1))
expect_eq "directory without a slash: 301" 301 "$status"
expect_eq "directory without a slash: Location" "/section/" "$(header Location)"

get "$origin/2024/10/sourdough.html"; requests=$((requests + 1))
expect_eq "redirect without a status: 301" 301 "$status"
expect_eq "redirect: Location" "/life/sourdough-starter-cold-winter.html" "$(header Location)"
get "$origin/stories/ferry-fares.html"; requests=$((requests + 1))
expect_eq "redirect with a status: 308" 308 "$status"
get "$origin/rss"; requests=$((requests + 1))
expect_eq "absolute redirect: origin filled" "$origin/feed.xml" "$(header Location)"
chain=$(curl -s --max-time 20 -L -o /dev/null -w '%{http_code} %{num_redirects} %{url_effective}' "$origin/old/clock.html")
requests=$((requests + 4))
expect_eq "redirect chain: three hops to the article" "200 3 $origin/local/town-hall-clock-ticks-again.html" "$chain"
curl -s --max-time 20 -L --max-redirs 6 -o /dev/null "$origin/loop/a.html"
expect_eq "redirect loop: curl gives up (too many redirects)" 47 $?
requests=$((requests + 7))
gone=$(curl -s --max-time 20 -L -o /dev/null -w '%{http_code} %{num_redirects}' "$origin/old/regatta.html")
requests=$((requests + 2))
expect_eq "redirect to a missing page: 404 after one hop" "404 1" "$gone"

get "$origin/robots.txt"; requests=$((requests + 1))
expect_eq "robots.txt: text/plain" "text/plain" "$(header Content-Type)"
expect_contains "robots.txt: Sitemap line filled" "$body" "Sitemap: $origin/sitemap.xml"
expect_contains "robots.txt: /private/ disallowed" "$body" "Disallow: /private/"
get "$origin/sitemap.xml"; requests=$((requests + 1))
expect_eq "sitemap index: application/xml" "application/xml" "$(header Content-Type)"
expect_contains "sitemap index: names the gzip sitemap" "$body" "<loc>$origin/sitemap-sections.xml.gz</loc>"
get "$origin/sitemap-articles.xml"; requests=$((requests + 1))
expect_eq "article sitemap: 23 pages" 23 "$(grep -c '<loc>' "$tmp/body")"
get "$origin/sitemap-sections.xml.gz"; requests=$((requests + 1))
expect_eq "gzip sitemap: application/gzip" "application/gzip" "$(header Content-Type)"
expect_eq "gzip sitemap: gzip bytes" "1f8b" "$(head -c 2 "$tmp/body" | od -An -tx1 | tr -d ' \n')"
sections=$(gunzip -c <"$tmp/body")
expect_contains "gzip sitemap: origin filled inside" "$sections" "<loc>$origin/section/world.html</loc>"
expect_not_contains "gzip sitemap: no placeholder left" "$sections" "{{ORIGIN}}"
get "$origin/feed.xml"; requests=$((requests + 1))
expect_contains "RSS feed: links filled" "$body" "<link>$origin/"
get "$origin/feed.atom"; requests=$((requests + 1))
expect_eq "Atom feed: type" "application/atom+xml" "$(header Content-Type)"
get "$origin/feed.json"; requests=$((requests + 1))
expect_eq "JSON Feed: type" "application/feed+json" "$(header Content-Type)"
expect_contains "JSON Feed: URLs filled" "$body" "\"feed_url\": \"$origin/feed.json\""
get "$origin/images/ledger-logo.png"; requests=$((requests + 1))
expect_eq "PNG: type" "image/png" "$(header Content-Type)"
expect_eq "PNG: signature" "89504e47" "$(head -c 4 "$tmp/body" | od -An -tx1 | tr -d ' \n')"
get "$origin/about.html"; requests=$((requests + 1))
about_length=$(header Content-Length)
# HTTP/1.0, so that the server closes the connection after the reply: all it sent is read.
head_reply=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'HEAD /about.html HTTP/1.0\r\n\r\n' >&3 && tr -d '\r' <&3)
requests=$((requests + 1))
expect_contains "HEAD: 200" "$head_reply" "HTTP/1.1 200 OK"
expect_contains "HEAD: the GET's length" "$head_reply" "Content-Length: $about_length"
expect_eq "HEAD: no body" "" "$(sed '1,/^$/d' <<<"$head_reply")"
get "$origin/about.html" -d x=1; requests=$((requests + 1))
expect_eq "POST: 405" 405 "$status"

stop "$site_pid" TERM
expect_eq "SIGTERM: exits 0" 0 $?
curl -s --max-time 5 -o /dev/null "$origin/"
expect_eq "SIGTERM: the port is closed" 7 $?

log_lines=$(wc -l <"$tmp/site.log")
expect_eq "log: one line per request" "$requests" "$log_lines"
bad_lines=$(grep -cvE "^[0-9]+ $port (GET|HEAD|POST) /[^ ]* [0-9]{3} [0-9]+$" "$tmp/site.log")
expect_eq "log: every line is MS PORT METHOD TARGET STATUS IN_FLIGHT" 0 "$bad_lines"
expect_contains "log: the robots.txt request" "$(cat "$tmp/site.log")" " $port GET /robots.txt 200 1"
expect_contains "log: a 304" "$(cat "$tmp/site.log")" " $port GET /world/north-korea-foreign-minister-moscow-talks.html 304 "
times_sorted=$(cut -d' ' -f1 "$tmp/site.log" | sort -n -c 2>&1 && echo sorted)
expect_eq "log: monotonic times in order" "sorted" "$times_sorted"

# --- a generated site on three origins --------------------------------------------------------
start gen 3 --generate 200 --hosts 3 --links 4 --seed 7 --log "$tmp/gen.log"
gen_pid=$pid
gen_origins=("${origins[@]}")
expect_eq "generated: three origins" 3 "${#gen_origins[@]}"
expect_eq "generated: three different ports" 3 "$(printf '%s\n' "${gen_origins[@]}" | sort -u | wc -l)"
o0=${gen_origins[0]:-} o1=${gen_origins[1]:-} o2=${gen_origins[2]:-}

total=0
for o in "${gen_origins[@]}"; do
  get "$o/robots.txt"
  expect_contains "generated $o: robots.txt names its own sitemap" "$body" "Sitemap: $o/sitemap.xml"
  get "$o/sitemap.xml"
  total=$((total + $(grep -c "<loc>$o/articles/" "$tmp/body")))
done
expect_eq "generated: the sitemaps list the 200 pages between them" 200 "$total"
get "$o0/feed.xml"
expect_eq "generated: the feed holds the newest 50" 50 "$(grep -c '<item>' "$tmp/body")"
expect_contains "generated: the newest page of origin 0 leads the feed" "$body" "<link>$o0/articles/198.html</link>"

get "$o0/articles/3.html"
expect_eq "generated article: 200" 200 "$status"
expect_ge "generated article: at least 3 paragraphs" 4 "$(grep -c '^<p>' "$tmp/body")"
expect_eq "generated article: 4 related links" 4 "$(sed -n '/class="related"/,/<\/ul>/p' "$tmp/body" | grep -c '<li><a href=')"
expect_contains "generated article: a title" "$body" "<h1>"
expect_contains "generated article: validators" "$headers" "ETag: "
first_article=$body
cross=0
for n in 0 3 6 9 12 15; do
  get "$o0/articles/$n.html"
  if [[ $body == *"href=\"$o1/"* || $body == *"href=\"$o2/"* ]]; then cross=1; fi
done
expect_eq "generated: links across origins" 1 "$cross"
get "$o0/articles/1.html"
expect_eq "generated: a page of origin 1 is not on origin 0" 404 "$status"
get "$o1/articles/1.html"
expect_eq "generated: it is on origin 1" 200 "$status"
get "$o0/articles/200.html"
expect_eq "generated: no page 200" 404 "$status"
get "$o0/section/0"
expect_eq "generated: section 0 lists 100 pages" 100 "$(grep -c '<li><a href=.*/articles/' "$tmp/body")"
get "$o0/"
expect_contains "generated home: links the sections" "$body" "$o1/section/1"
get "$o0/articles/3.html" -H "If-None-Match: $(header ETag)"
get "$o0/articles/3.html" -H "If-None-Match: $(header ETag)"

stop "$gen_pid" INT
expect_eq "SIGINT: exits 0" 0 $?
expect_eq "generated log: lines for all three ports" 3 "$(cut -d' ' -f2 "$tmp/gen.log" | sort -u | wc -l)"

# --urls-per-sitemap: /sitemap.xml becomes an index of small parts (a crawl's listing budget is
# tested on it).
start parts 1 --generate 30 --urls-per-sitemap 4
get "${origins[0]}/sitemap.xml"
expect_eq "--urls-per-sitemap 4: an index of 8 parts for 30 pages" 8 "$(grep -c '<sitemap><loc>' "$tmp/body")"
get "${origins[0]}/sitemap-7.xml"
expect_eq "--urls-per-sitemap 4: the last part holds the 2 left" 2 "$(grep -c '<loc>' "$tmp/body")"
stop "$pid" TERM

# SIGTERM while a response is held by --delay-ms: the server does not wait the delay out.
start held 1 --generate 10 --delay-ms 60000
curl -s --max-time 30 -o /dev/null "${origins[0]}/articles/0.html" &
curl_pid=$!
sleep 0.5
stop "$pid" TERM
expect_eq "SIGTERM during a held response: exits 0 at once" 0 $?
wait "$curl_pid"

# Same flags, same site: the bytes differ only by the ports.
start gen2 3 --generate 200 --hosts 3 --links 4 --seed 7
get "${origins[0]}/articles/3.html"
again=$body
for i in 0 1 2; do again=${again//${origins[$i]}/${gen_origins[$i]}}; done
if [[ $again == "$first_article" ]]; then pass "generated: same seed, same page"; else fail "generated: same seed, same page"; fi
stop "$pid" TERM
start gen3 1 --generate 200 --seed 8
get "${origins[0]}/articles/3.html"
if [[ $body != "$first_article" ]]; then pass "generated: another seed, another page"; else fail "generated: another seed, another page"; fi
stop "$pid" TERM

# 64 connections at once to one origin, each held 2 s: all are served together, and the log's
# in-flight column shows it; every page is fetched once.
start busy 2 --generate 400 --hosts 2 --delay-ms 2000 --log "$tmp/busy.log"
busy_port=${origins[0]##*:}
transfers=()
for n in $(seq 0 2 126); do transfers+=(-o /dev/null "${origins[0]}/articles/$n.html"); done
# Then 8 to the other origin, whose in-flight count must not include the first origin's 64.
other_port=${origins[1]##*:}
for n in $(seq 1 2 15); do transfers+=(-o /dev/null "${origins[1]}/articles/$n.html"); done
codes=$(curl -s --max-time 60 --parallel --parallel-immediate --parallel-max 72 -w '%{http_code}\n' "${transfers[@]}" 2>/dev/null)
stop "$pid" TERM
expect_eq "64 connections: curl got 72 answers 200" 72 "$(grep -c '^200$' <<<"$codes")"
other_max=$(grep " $other_port GET " "$tmp/busy.log" | cut -d' ' -f6 | sort -n | tail -n 1)
if [[ ${other_max:-0} -ge 1 && ${other_max:-0} -le 8 ]]; then pass "in flight is counted per origin"; else fail "in flight is counted per origin" "origin 2 saw up to ${other_max:-none}"; fi
expect_eq "64 connections: 64 requests logged" 64 "$(grep -c " $busy_port GET /articles/" "$tmp/busy.log")"
expect_eq "64 connections: all answered 200" 64 "$(grep -c " $busy_port GET /articles/[0-9]*.html 200 " "$tmp/busy.log")"
expect_eq "64 connections: no page fetched twice" "" "$(cut -d' ' -f4 "$tmp/busy.log" | sort | uniq -d)"
max_in_flight=$(cut -d' ' -f6 "$tmp/busy.log" | sort -n | tail -n 1)
expect_eq "64 connections: all in flight at once" 64 "${max_in_flight:-0}"

# --- chaos: every fault as a raw HTTP/1.1 client meets it ------------------------------------
# What the client saw of each path, in the log's words: reset, stall (nothing within the client's
# timeout), 5xx, truncate (the chunked body ends early), close (the whole answer, then the end of
# a connection that did not announce it), or - (the whole answer on a connection kept open).
cat >"$tmp/probe.py" <<'EOF'
import concurrent.futures, socket, sys

def probe(port, path, timeout):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    data = b""
    def more():
        nonlocal data
        chunk = s.recv(65536)
        data += chunk
        return len(chunk) > 0
    try:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        try:
            while b"\r\n\r\n" not in data:
                if not more():
                    return "empty-reply"
        except socket.timeout:
            return "stall" if not data else "slow-head"
        head, _, data = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
        if headers.get("transfer-encoding") == "chunked":
            while True:
                while b"\r\n" not in data:
                    if not more():
                        return "truncate"
                size_line, _, data = data.partition(b"\r\n")
                size = int(size_line, 16)
                while len(data) < size + 2:
                    if not more():
                        return "truncate"
                data = data[size + 2:]
                if size == 0:
                    break
        else:
            while len(data) < int(headers.get("content-length", "0")):
                if not more():
                    return "truncate"
        if status >= 500:
            return "5xx"
        if headers.get("connection", "").lower() == "close":
            return "announced-close"
        s.settimeout(1.5)  # httplib keeps an idle connection 5 s
        try:
            return "close" if s.recv(1) == b"" else "extra-bytes"
        except socket.timeout:
            return "-"
    except ConnectionResetError:
        return "reset"
    finally:
        s.close()

port, timeout, paths = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
with concurrent.futures.ThreadPoolExecutor(32) as pool:
    for path, seen in zip(paths, pool.map(lambda p: probe(port, p, timeout), paths)):
        print(path, seen)
EOF
paths=()
for n in $(seq 0 79); do paths+=("/articles/$n.html"); done
# faults NAME: the log's "TARGET FAULT" pairs, sorted.
faults() { awk '{print $4, $7}' "$tmp/$1.log" | sort; }

start chaos 1 --generate 100 --chaos 0.5 --chaos-seed 3 --chaos-stall-ms 3000 --log "$tmp/chaos.log"
chaos_port=${origins[0]##*:}
python3 "$tmp/probe.py" "$chaos_port" 1 "${paths[@]}" | sort >"$tmp/chaos.seen"
# A stalled request is logged when its handler ends, after the stall.
for _ in $(seq 50); do [[ $(wc -l <"$tmp/chaos.log") -ge 80 ]] && break; sleep 0.1; done
stop "$pid" TERM
expect_eq "chaos: SIGTERM exits 0 (stalls do not hold it)" 0 $?
expect_eq "chaos: one log line per request" 80 "$(wc -l <"$tmp/chaos.log")"
bad_lines=$(grep -cvE "^[0-9]+ $chaos_port GET /[^ ]* [0-9]+ [0-9]+ (-|reset|stall|5xx|truncate|close)$" "$tmp/chaos.log")
expect_eq "chaos log: every line is MS PORT METHOD TARGET STATUS IN_FLIGHT FAULT" 0 "$bad_lines"
mismatches=$(diff <(faults chaos) "$tmp/chaos.seen")
expect_eq "chaos: the client met each fault the log names, and no other" "" "$mismatches"
for fault in reset stall 5xx truncate close -; do
  expect_ge "chaos at 0.5 over 80 requests: '$fault' met" 1 "$(grep -c " $fault\$" "$tmp/chaos.seen")"
done
expect_eq "chaos: a reset is logged with status 0" 0 \
  "$(awk '$7 == "reset" && $5 != 0' "$tmp/chaos.log" | wc -l)"
expect_eq "chaos: 5xx are 500, 502 or 503" 0 \
  "$(awk '$7 == "5xx" && $5 != 500 && $5 != 502 && $5 != 503' "$tmp/chaos.log" | wc -l)"
expect_ge "chaos: at 0.5, about half the requests served as usual" 25 "$(grep -c ' -$' "$tmp/chaos.seen")"

# The same seed deals the same faults to the same requests, whatever their order; another seed
# others. Sequential requests here, parallel ones above.
start again 1 --generate 100 --chaos 0.5 --chaos-seed 3 --chaos-stall-ms 300 --log "$tmp/again.log"
for path in "${paths[@]}"; do curl -s --max-time 2 -o /dev/null "${origins[0]}$path"; done
sleep 0.5
stop "$pid" TERM
expect_eq "chaos: same seed, same faults" "$(faults chaos)" "$(faults again)"
start other 1 --generate 100 --chaos 0.5 --chaos-seed 4 --chaos-stall-ms 300 --log "$tmp/other.log"
for path in "${paths[@]}"; do curl -s --max-time 2 -o /dev/null "${origins[0]}$path"; done
sleep 0.5
stop "$pid" TERM
if [[ $(faults other) != "$(faults chaos)" ]]; then pass "chaos: another seed, other faults"; else fail "chaos: another seed, other faults"; fi

# A path asked for again draws again: at 0.9 a retry loop gets through within a few tries.
start retry 1 --generate 10 --chaos 0.9 --chaos-stall-ms 300 --log "$tmp/retry.log"
tries=0
while (( tries < 60 )); do
  tries=$((tries + 1))
  [[ $(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "${origins[0]}/articles/0.html") == 200 ]] &&
    [[ $(tail -n 1 "$tmp/retry.log" | cut -d' ' -f7) == - ]] && break
done
sleep 0.5
stop "$pid" TERM
expect_eq "chaos at 0.9: every try logged" "$tries" "$(grep -c ' GET /articles/0.html ' "$tmp/retry.log")"
expect_ge "chaos at 0.9: the first tries fail" 2 "$tries"
expect_eq "chaos at 0.9: then one gets through" 1 "$(grep -c ' 200 [0-9]* -$' "$tmp/retry.log")"

# --chaos-only limits the faults to some paths; --chaos 0 logs the column and deals none.
start only 1 --generate 10 --chaos 1 --chaos-only '^/robots\.txt$' --chaos-stall-ms 300 --log "$tmp/only.log"
for n in 0 1 2; do curl -s --max-time 2 -o /dev/null "${origins[0]}/articles/$n.html" -o /dev/null "${origins[0]}/robots.txt"; done
sleep 0.5
stop "$pid" TERM
expect_eq "--chaos-only: other paths served as usual" 3 "$(grep -c ' GET /articles/[0-9].html 200 [0-9]* -$' "$tmp/only.log")"
expect_eq "--chaos-only: matching paths all faulted at 1" 0 "$(grep ' GET /robots.txt ' "$tmp/only.log" | grep -c ' -$')"
start none 1 --generate 10 --chaos 0 --log "$tmp/none.log"
for n in 0 1 2; do curl -s --max-time 2 -o /dev/null "${origins[0]}/articles/$n.html"; done
stop "$pid" TERM
expect_eq "--chaos 0: no faults, the column still there" 3 "$(grep -c ' GET /articles/[0-9].html 200 1 -$' "$tmp/none.log")"

finish_tests site_server
