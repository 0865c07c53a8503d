#!/usr/bin/env bash
# The README's first command: installs dependencies, builds winnow, and runs the main job on the
# bundled samples: cleans every page in samples/ into the default store (winnow.db, SQLite) and
# shows a few rows.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_TESTS=OFF >/dev/null
cmake --build build --target winnow

shopt -s nullglob
./build/app/winnow clean samples/*.html samples/*.htm samples/*.html.gz --store sqlite:winnow.db
echo
echo "The cleaned samples are in winnow.db (SQLite). A few rows (winnow export --store sqlite:winnow.db):"
show_rows=$(cat <<'PY'
import json, sys
for line in sys.stdin:
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
echo "Search it: ./build/app/winnow search --store sqlite:winnow.db \"Moscow talks\""
./build/app/winnow search --store sqlite:winnow.db "Moscow talks" -n 3
