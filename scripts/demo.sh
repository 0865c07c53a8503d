#!/usr/bin/env bash
# The README's first command: installs dependencies, builds winnow, and runs the main job on the
# bundled samples: cleans every page in samples/ and shows the result.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_TESTS=OFF >/dev/null
cmake --build build --target winnow

out=out/samples
rm -rf "$out"
shopt -s nullglob
./build/app/winnow clean samples/*.html samples/*.htm samples/*.html.gz --format json --out "$out"
echo
echo "Cleaned $(ls "$out" | wc -l) sample pages into $out/. Summary:"
python3 - "$out" <<'PY'
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    page = json.loads(path.read_text(encoding="utf-8"))
    text = page.get("text", "")
    print(f"\n== {path.stem}: {page.get('title', '')}")
    print(f"   author: {page.get('author', '-')} | date: {page.get('date', '-')} | "
          f"site: {page.get('site_name', '-')} | language: {page.get('language', '-')} | words: {page.get('word_count', 0)}")
    if not page.get("is_article"):
        print("   no article (home page, listing or error page)")
    print("   " + (text[:240].replace("\n", " ") + ("..." if len(text) > 240 else "")))
PY
