#!/usr/bin/env bash
# Faults a crawl must survive, end to end: `winnow crawl` against tests/site_server.
# - chaos: a 2 000-page site on two origins whose server, on a fifth of the requests, resets the
#   connection, stalls past the crawler's timeout, answers 500/502/503, cuts a chunked body short
#   or closes a keep-alive connection unannounced. The crawl runs again until nothing is left to
#   retry; then every URL is a stored page or given up with the error kind its fault causes, no
#   page is stored twice, and no run crashed.
# - kills: a crawl SIGKILLed at random points ten times in a row, resumed each time, ends with
#   the same store as an uninterrupted crawl of the same site; the database is sound after each
#   kill, and no page stored before a kill is fetched again.
# - robots.txt faults: a robots.txt that fails once must not give up the URLs waiting on it.
# The random choices (the server's faults, the kill points) follow from one seed, 1 unless
# WINNOW_CHAOS_SEED gives another (the kill points repeat only roughly: they race the crawl).
# Usage: tests/chaos_test.sh path/to/winnow path/to/site_server [faults|kills|all]
#   faults: chaos and robots.txt faults; kills: the kills; all (the default): both. ctest runs the
#   two parts as two tests, at once: each is a few minutes under ASan.
set -u

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
part=${3:-all}
if [[ $# -gt 3 || ! $part =~ ^(faults|kills|all)$ ]]; then
  echo "usage: $0 path/to/winnow path/to/site_server [faults|kills|all]" >&2
  exit 2
fi
take_winnow_and_site_server "${@:1:2}"

tmp=$(mktemp -d /tmp/winnow-chaos-XXXXXX)
servers=()
crawler=""
cleanup() {
  [[ -n $crawler ]] && kill -KILL "$crawler" 2>/dev/null
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT


seed=${WINNOW_CHAOS_SEED:-1}
echo "# seed $seed (WINNOW_CHAOS_SEED=S for another)"
RANDOM=$seed
started=$SECONDS

sql() { python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$@"; }


write_config() {  # FILE STORE then extra TOML lines
  local file=$1 store=$2
  shift 2
  {
    echo "store = \"$store\""
    echo "allow_private_addresses = true"
    printf '%s\n' "$@"
  } >"$file"
}

if [[ $part != kills ]]; then
# --- chaos: 2 000 pages, a fifth of the requests faulted --------------------------------------
pages=2000
# robots.txt is spared: a fault there holds back a whole host until its retry (the robots.txt
# test below), which would leave the pages less to show.
start_server chaos --generate "$pages" --hosts 2 --links 4 --chaos 0.2 --chaos-seed "$seed" \
  --chaos-stall-ms 4500 --chaos-only '^/(?!robots\.txt$)'
# tries = 1: every fault costs an attempt, so some pages run out of their two (the failure path
# is exercised), and the fetcher's own retry backoff does not stretch the run. The stall (4.5 s) outlasts the timeout (3 s).
write_config "$tmp/chaos.toml" "sqlite:$tmp/chaos.db" \
  "sitemaps = [\"${origins_chaos[0]}/sitemap.xml\", \"${origins_chaos[1]}/sitemap.xml\"]" \
  "[politeness]" "delay = 0" "concurrency = 16" "per_host = 8" \
  "[fetch]" 'timeout = "3s"' "tries = 1" \
  "[recrawl]" 'retry = "4s"' "max_attempts = 2"

# A failed URL is due again 4 s later ([recrawl] retry), so a run can end before its turn: run
# again, as cron would, until nothing waits for a retry (at most 8 runs).
runs=0
exit_codes=""
waiting=-1
while ((runs < 8)); do
  runs=$((runs + 1))
  timeout 300 "$winnow" crawl "$tmp/chaos.toml" --once --summary-json "$tmp/chaos-$runs.json" \
    >"$tmp/chaos-$runs.out" 2>"$tmp/chaos-$runs.err"
  rc=$?
  exit_codes+="$rc "
  [[ $rc -eq 0 || $rc -eq 1 ]] || break
  waiting=$(sql "$tmp/chaos.db" "SELECT count(*) FROM frontier WHERE state = 1 OR (state = 0 AND (last_fetched IS NULL OR attempts > 0))")
  [[ $waiting -eq 0 ]] && break
  due_in=$(sql "$tmp/chaos.db" "SELECT max(0, min(next_due) - strftime('%s', 'now')) FROM frontier WHERE state = 0")
  sleep $((${due_in:-0} < 8 ? ${due_in:-0} + 1 : 8))
done
echo "# chaos: $runs runs, exit codes: $exit_codes"
expect_eq "chaos: every run exits 0 or 1 (no crash, no timeout, no store error)" "" \
  "$(tr ' ' '\n' <<<"$exit_codes" | grep -vxE '0|1|')"
expect_eq "chaos: after $runs runs nothing is left leased, unfetched or waiting for a retry" 0 "$waiting"
# Without a terminal a run with failed pages reports them (its summary line, then the first failed
# URLs, indented), for cron's mail; nothing else reaches stderr.
expect_eq "chaos: nothing on stderr but the runs' failure reports" "" \
  "$(cat "$tmp"/chaos-*.err | grep -v -e '^crawl chaos: ' -e '^  ')"
# A stalled request is logged when its stall ends, after the crawler gave up on it; a stopping
# server ends its stalls at once, so once it is gone every request is in the log.
kill "${servers[0]}" 2>/dev/null
wait "${servers[0]}" 2>/dev/null

# Every URL of the frontier against the store and the server's log. Prints NAME VALUE lines, and
# the URLs behind any nonzero count of problems on the lines that follow "details".
python3 - "$tmp/chaos.db" "$tmp/chaos.log" "$pages" "${origins_chaos[@]}" "$tmp"/chaos-*.json >"$tmp/chaos.check" <<'EOF'
import collections, json, re, sqlite3, sys
db, log, pages, origins, summaries = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:6], sys.argv[6:]
c = sqlite3.connect(db)
details = []
def report(name, items):
    print(name, len(items))
    details.extend(f"{name}: {item}" for item in list(items)[:10])

stored = [url for (url,) in c.execute("SELECT url FROM pages")]
frontier = c.execute("SELECT url, kind, state, attempts, last_status, coalesce(last_error, '') FROM frontier").fetchall()
known = {row[0] for row in frontier}
articles = {f"{origins[n % 2]}/articles/{n}.html" for n in range(pages)}
report("articles_unknown", sorted(articles - known))
report("stored_not_in_frontier", sorted(set(stored) - known))
print("stored", len(stored))
print("stored_twice", len(stored) - len(set(stored)))
print("articles_stored", len(articles & set(stored)))

# Each URL ends one of three ways: a page stored, a sitemap or feed read, or given up with the
# kind of the error that ended its last attempt.
given_up, unaccounted = {}, []
for url, kind, state, attempts, status, error in frontier:
    if state == 2:
        match = re.match(r"([a-z_]+): .", error)
        if match and match.group(1) in ("connect", "timeout", "http"):
            given_up[url] = match.group(1)
            continue
    elif state == 0 and attempts == 0 and status == 200 and (kind != 0 or url in stored):
        continue
    unaccounted.append((url, kind, state, attempts, status, error))
report("unaccounted", unaccounted)
kinds = collections.Counter(given_up.values())
print("given_up", len(given_up))
print("given_up_by_kind", " ".join(f"{k}:{n}" for k, n in sorted(kinds.items())))

# What each request met, from the server's log: "MS PORT METHOD TARGET STATUS IN_FLIGHT FAULT".
faults, history = collections.Counter(), collections.defaultdict(list)
for line in open(log):
    ms, port, method, target, status, in_flight, fault = line.split()
    faults[fault] += 1
    history[f"http://127.0.0.1:{port}{target}"].append((int(ms), fault))
print("faults", " ".join(f"{k}:{n}" for k, n in sorted(faults.items())))
for fault in ("reset", "stall", "5xx", "truncate", "close"):
    print("fault_" + fault, faults[fault])

# The last request of a given-up URL decided its last attempt (a reset on a reused connection
# is retried by libcurl at once, as a later request), so its fault names the error kind.
expected_kind = {"reset": "connect", "stall": "timeout", "5xx": "http", "truncate": "http"}
wrong_kind = []
for url, kind in given_up.items():
    last = max(history.get(url, [(0, "never requested")]))[1]
    if expected_kind.get(last) != kind:
        wrong_kind.append(f"{url} given up as '{kind}', its last request met '{last}'")
report("wrong_kind", wrong_kind)

# A page is written once: new in the run that stored it, never changed, unchanged or a copy.
totals = collections.Counter()
for path in summaries:
    summary = json.load(open(path))
    for key in ("new", "changed", "unchanged", "duplicates", "not_modified"):
        totals[key] += summary[key]
print("summary_new", totals["new"])
print("summary_rewritten", totals["changed"] + totals["unchanged"] + totals["duplicates"] + totals["not_modified"])
print("details")
print("\n".join(details))
EOF
value() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$tmp/chaos.check"; }
details=$(sed '1,/^details$/d' "$tmp/chaos.check")
echo "# chaos: faults dealt: $(value faults)"
echo "# chaos: $(value stored) pages stored, $(value given_up) URLs given up ($(value given_up_by_kind))"
for fault in reset stall 5xx truncate close; do
  expect_ge "chaos: the server dealt '$fault' faults" 1 "$(value "fault_$fault")"
done
expect_eq "chaos: every article known (the sitemaps got through)" 0 "$(value articles_unknown)"
expect_eq "chaos: every URL a stored page, a listing read, or given up with connect/timeout/http" 0 \
  "$(value unaccounted)"
expect_eq "chaos: no page stored that the frontier does not know" 0 "$(value stored_not_in_frontier)"
expect_eq "chaos: no URL stored twice" 0 "$(value stored_twice)"
expect_eq "chaos: each page written once (new), never again" "$(value stored) 0" \
  "$(value summary_new) $(value summary_rewritten)"
expect_eq "chaos: each URL given up with the kind its last fault causes" 0 "$(value wrong_kind)"
expect_ge "chaos: some URLs ran out of attempts (the failure path ran)" 1 "$(value given_up)"
expect_ge "chaos: most articles stored" 1800 "$(value articles_stored)"
[[ -n $details ]] && printf '#   %s\n' "$details"

fi

if [[ $part != faults ]]; then
# --- kills: ten SIGKILLs at random points, against one uninterrupted crawl --------------------
pages=1500
start_server kill --generate "$pages" --hosts 2 --links 4 --delay-ms 50
for name in whole killed; do
  write_config "$tmp/$name.toml" "sqlite:$tmp/$name.db" \
    "sitemaps = [\"${origins_kill[0]}/sitemap.xml\", \"${origins_kill[1]}/sitemap.xml\"]" \
    "[politeness]" "delay = 0" "concurrency = 8" "per_host = 4"
done
timeout 300 "$winnow" crawl "$tmp/whole.toml" --once >"$tmp/whole.out" 2>"$tmp/whole.err"
expect_eq "uninterrupted crawl: exit 0" 0 $?

stored_now() { sql "$tmp/killed.db" "SELECT count(*) FROM pages" 2>/dev/null || echo 0; }
random_seconds() {  # MAX_MS: a random time up to MAX_MS, as seconds for sleep
  local ms=$((RANDOM % ($1 + 1)))
  printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
# The first kill comes within 0.6 s of the start, before the first batch of pages is committed;
# the others once the store holds a random number of pages (rising), plus a random time, so that
# they fall anywhere between two commits (every 2 s), before, during or after one.
mapfile -t targets < <(for _ in $(seq 9); do echo $((30 + RANDOM % (pages * 2 / 3))); done | sort -n)
kills=0
finished_early=0
unsound=""
kill_points=""
for i in $(seq 0 9); do
  "$winnow" crawl "$tmp/killed.toml" --once >"$tmp/killed-$i.out" 2>"$tmp/killed-$i.err" &
  crawler=$!
  if ((i == 0)); then
    sleep "$(random_seconds 600)"
  else
    for _ in $(seq 1 600); do
      [[ $(stored_now) -ge ${targets[i - 1]} ]] || ! kill -0 "$crawler" 2>/dev/null && break
      sleep 0.1
    done
    # Up to 1 s past the target (2 s let the tenth run finish its last pages before the kill).
    sleep "$(random_seconds 1000)"
  fi
  kill -KILL "$crawler" 2>/dev/null
  wait "$crawler" 2>/dev/null
  # 128 + 9 when the kill ended it; the run's own exit code when it had ended before.
  if [[ $? -eq 137 ]]; then kills=$((kills + 1)); else finished_early=$((finished_early + 1)); fi
  crawler=""
  # The files as the kill left them, checked in a copy: the check's own connection would
  # otherwise recover and checkpoint the WAL before the next run does.
  rm -rf "$tmp/copy" && mkdir "$tmp/copy"
  cp "$tmp/killed.db" "$tmp/copy/" 2>/dev/null
  [[ -f $tmp/killed.db-wal ]] && cp "$tmp/killed.db-wal" "$tmp/copy/"
  check=$(sql "$tmp/copy/killed.db" "PRAGMA integrity_check" 2>&1)
  [[ $check == ok ]] || unsound+="after kill $i: $check; "
  stored=$(sql "$tmp/copy/killed.db" "SELECT count(*) FROM pages" 2>/dev/null)
  kill_points+="${stored:-?} "
  # What was stored when it died, and where the server's log stood.
  python3 -c 'import sqlite3,sys
print("\n".join(u for (u,) in sqlite3.connect(sys.argv[1]).execute("SELECT url FROM pages")))' \
    "$tmp/copy/killed.db" >"$tmp/stored-at-kill-$i" 2>/dev/null
  wc -l <"$tmp/kill.log" >"$tmp/log-at-kill-$i"
done
echo "# kills: pages stored at each of the $kills kills: $kill_points"
timeout 300 "$winnow" crawl "$tmp/killed.toml" --once >"$tmp/killed-final.out" 2>"$tmp/killed-final.err"
expect_eq "killed crawl: the run after the last kill exits 0" 0 $?
expect_eq "killed crawl: ten kills, each while it ran" "10 0" "$kills $finished_early"
expect_eq "killed crawl: the database sound after every kill" "" "$unsound"

# Both stores compared row by row: pages (URL, content hash, duplicate of, status) and the
# frontier's final state of every URL. And in the server's log: after each kill, no page stored
# by then was asked for again.
python3 - "$tmp/whole.db" "$tmp/killed.db" "$tmp/kill.log" "$tmp" >"$tmp/kill.check" <<'EOF'
import os, sqlite3, sys
whole, killed, log, tmp = sys.argv[1:5]
queries = {
    "pages": "SELECT url, content_hash, coalesce(duplicate_of, ''), is_article, fetch_status FROM pages",
    "frontier": "SELECT url, kind, depth, state, attempts, coalesce(last_status, 0), coalesce(last_error, '') FROM frontier",
}
for table, query in queries.items():
    a = set(sqlite3.connect(whole).execute(query).fetchall())
    b = set(sqlite3.connect(killed).execute(query).fetchall())
    print(f"{table}_rows {len(a)} {len(b)}")
    print(f"{table}_differences {len(a ^ b)}")
    for row in sorted(a - b)[:10]:
        print(f"detail {table} only uninterrupted: {row}")
    for row in sorted(b - a)[:10]:
        print(f"detail {table} only killed: {row}")
lines = open(log).read().splitlines()
refetched = []
for i in range(10):
    stored_file = os.path.join(tmp, f"stored-at-kill-{i}")
    if not os.path.exists(stored_file):
        continue
    port_paths = {(url.split("/")[2].split(":")[1], "/" + url.split("/", 3)[3]) for url in open(stored_file).read().split()}
    after = int(open(os.path.join(tmp, f"log-at-kill-{i}")).read())
    for line in lines[after:]:
        fields = line.split()
        if (fields[1], fields[3]) in port_paths:
            refetched.append(f"kill {i}: {fields[3]} on port {fields[1]}")
print("refetched", len(refetched))
for item in refetched[:10]:
    print("detail", item)
EOF
grep '^detail' "$tmp/kill.check" | sed 's/^detail /#   /'
value() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$tmp/kill.check"; }
pages_rows=$(value pages_rows)
echo "# kills: pages stored, uninterrupted and killed: $pages_rows"
expect_ge "uninterrupted crawl: every article stored" "$pages" "${pages_rows%% *}"
expect_eq "killed crawl: the same pages as the uninterrupted crawl" 0 "$(value pages_differences)"
expect_eq "killed crawl: the same frontier (URL, kind, depth, state, attempts, status, error)" 0 \
  "$(value frontier_differences)"
expect_eq "killed crawl: no page stored before a kill fetched again" 0 "$(value refetched)"
expect_eq "killed crawl: nothing left leased" 0 "$(sql "$tmp/killed.db" "SELECT count(*) FROM frontier WHERE state = 1")"

fi

if [[ $part != kills ]]; then
# --- robots.txt faults ---------------------------------------------------------------------------
# Every request for robots.txt faulted; with --chaos-seed 16 the first three are 5xx answers.
start_server robots --generate 20 --chaos 1 --chaos-seed 16 --chaos-only '^/robots\.txt$'
write_config "$tmp/robots.toml" "sqlite:$tmp/robots.db" "sitemaps = [\"${origins_robots[0]}/sitemap.xml\"]" \
  "[politeness]" "delay = 0" "[recrawl]" 'retry = "1s"'
timeout 120 "$winnow" crawl "$tmp/robots.toml" --once >"$tmp/robots.out" 2>"$tmp/robots.err"
expect_eq "robots.txt never answering: the crawl ends, exit 1 (the sitemap failed)" 1 $?
expect_eq "robots.txt answering 5xx: the server dealt it three times" "5xx 5xx 5xx" \
  "$(awk '$4 == "/robots.txt" { printf "%s%s", sep, $7; sep = " " }' "$tmp/robots.log")"
# RFC 9309 2.3.1.4: an unreachable robots.txt disallows everything *for now*; the URLs held back
# are to be tried again later, not given up like those robots.txt disallows.
expect_eq "robots.txt unreachable: the sitemap waiting on it is due again (state 0, not given up)" 0 \
  "$(sql "$tmp/robots.db" "SELECT state FROM frontier WHERE url LIKE '%/sitemap.xml'")"
expect_contains "robots.txt unreachable: the sitemap's error says why" \
  "$(sql "$tmp/robots.db" "SELECT last_error FROM frontier WHERE url LIKE '%/sitemap.xml'")" "robots.txt could not be fetched"

fi

echo "# chaos_test: $((SECONDS - started)) s"
finish_tests "chaos ($part)"
