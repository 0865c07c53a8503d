#!/usr/bin/env bash
# The README and docs/ hold together: the README stays a first screen (under 250 lines, nothing
# named outside the repository), links every docs/ page, and every relative link of the README and
# of docs/*.md resolves (the file exists; a #fragment names one of its headings).
# Usage: tests/docs_test.sh [SOURCE_DIR]   (default: the repository this script is in)
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
cd "$root"

python3 - <<'PY'
import os, re, sys

failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

def slug(heading):
    # GitHub's anchors: lower case, punctuation but '-' and '_' dropped, spaces made '-'.
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")

def headings(path):
    slugs, fence = set(), False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith("#"):
            slugs.add(slug(line.lstrip("#")))
    return slugs

def links(path):
    """Relative link targets of a Markdown file, outside code blocks and code spans."""
    found, fence = [], False
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.startswith("```"):
            fence = not fence
            continue
        if fence:
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for target in re.findall(r"\]\(([^)\s]+)\)", line):
            if not re.match(r"[a-z][a-z0-9+.-]*:", target):
                found.append((number, target))
    return found

readme = open("README.md", encoding="utf-8").read()
lines = readme.count("\n")
check(lines < 250, f"README.md has {lines} lines, under 250")
check("../" not in readme and "shared/" not in readme,
      "README.md names nothing outside the repository (no ../ or shared/ paths)")

pages = sorted("docs/" + name for name in os.listdir("docs") if name.endswith(".md"))
check(len(pages) > 0, f"docs/ has pages ({len(pages)})")
readme_targets = {target.split("#")[0] for _, target in links("README.md")}
for page in pages:
    check(page in readme_targets, f"README.md links {page}")

for path in ["README.md"] + pages:
    for number, target in links(path):
        file, _, fragment = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file else path
        where = f"{path}:{number}: {target}"
        if not os.path.exists(resolved):
            check(False, where + " (no such file)")
        elif fragment and resolved.endswith(".md") and fragment not in headings(resolved):
            check(False, where + f" (no heading #{fragment} in {resolved})")
        else:
            check(True, where)

if failures:
    print(f"docs_test: {len(failures)} failed", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
