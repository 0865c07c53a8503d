#!/usr/bin/env bash
# The README's first command: installs what the build needs (scripts/install-deps.sh, no test
# packages), builds winnow with -DWINNOW_TESTS=OFF, and runs the main job on the embedded default
# store: serves samples/site (a small news site we wrote) on 127.0.0.1, crawls it with
# `winnow crawl` into winnow.db (SQLite), prints the crawl's summary and a few rows.
# Run again, it finds nothing due (the recrawl intervals are days) and fetches nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_TESTS=OFF >/dev/null
cmake --build build --target winnow site_server

# The same port each time (when free), so that a second run recognizes the URLs it has.
port=8931
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=0; fi
work=$(mktemp -d)
./build/tests/site_server --root samples/site --port "$port" >"$work/origin" 2>"$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do [[ -s $work/origin ]] && break; sleep 0.1; done
origin=$(head -n 1 "$work/origin")
cat >"$work/demo.toml" <<TOML
# The demo crawl: samples/site, served on this machine.
name = "demo"
store = "sqlite:$PWD/winnow.db"
seeds = ["$origin/"]
allow_private_addresses = true   # the site is on 127.0.0.1
[politeness]
delay = 0.05
TOML
echo "Crawling $origin (samples/site) into winnow.db:"
./build/app/winnow crawl "$work/demo.toml" --once || true  # exit 1: the site has broken links on purpose
echo
echo "The pages are in winnow.db (SQLite). A few rows (winnow export --store sqlite:winnow.db):"
show_rows=$(cat <<'PY'
import json, sys
for number, line in enumerate(sys.stdin):
    if number >= 6:
        continue  # read to the end: export must not die of a closed pipe
    page = json.loads(line)
    text = page.get("text", "")
    print()
    print("== " + page.get("key", ""))
    print("   " + page.get("title", ""))
    print("   author: %s | date: %s | site: %s | language: %s | words: %s" % (
        page.get("author", "-"), page.get("date", "-"), page.get("site_name", "-"),
        page.get("language", "-"), page.get("word_count", 0)))
    if not page.get("is_article"):
        print("   no article (home page, listing or error page)")
    if page.get("duplicate_of"):
        print("   copy of " + page["duplicate_of"])
    print("   " + text[:200].replace("\n", " ") + ("..." if len(text) > 200 else ""))
PY
)
./build/app/winnow export --store sqlite:winnow.db --format jsonl | python3 -c "$show_rows"
echo
echo "Search it: ./build/app/winnow search --store sqlite:winnow.db \"bandstand concert\""
./build/app/winnow search --store sqlite:winnow.db "bandstand concert" -n 3
