#!/usr/bin/env bash
# Do two winnow binaries clean pages the same? Each cleans the same pages with
# `winnow clean --format json --out DIR`; the JSON files must be byte-identical but for their
# "source" line (the input path, which says nothing of the cleaner). For changes that must not
# change any output: speed work, refactoring.
#
#   bench/compare_outputs.sh BASE_WINNOW NEW_WINNOW [INPUT...]
#
# INPUTs are files or directories, as `winnow clean` takes them. Without any, the shared corpora
# and the samples: shared/corpus/readability's */source.html (130 pages), shared/corpus/wcxb-dev's
# html/*.html.gz (1 358) and samples/ (with samples/site).
# Prints how many pages differ, then the first diffs; exits 0 when all are identical, 1 when any
# page differs (or only one binary wrote it, or the exit codes or error messages differ), 2 on a
# usage error.
#
# Environment:
#   WINNOW_SHARED   the shared folder (default: ../shared beside the repo)
#   JOBS            winnow's -j (default 2)
#   SHOW            how many differing pages to show a diff of (default 3)
#   KEEP            1: keep the work folder (its path is printed) to look at the outputs
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${WINNOW_SHARED:-$repo/../shared}
jobs=${JOBS:-2}
show=${SHOW:-3}

die() { echo "compare_outputs: $*" >&2; exit 2; }

(($# >= 2)) || die "usage: $0 BASE_WINNOW NEW_WINNOW [INPUT...]"
base=$1 new=$2
shift 2
[[ -x $base ]] || die "not executable: $base"
[[ -x $new ]] || die "not executable: $new"

work=$(mktemp -d "${TMPDIR:-/tmp}/compare_outputs.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  echo "work folder: $work"
else
  trap 'rm -rf "$work"' EXIT
fi

inputs=("$@")
if ((${#inputs[@]} == 0)); then
  # The Readability pages are all named source.html: links named by their folder give the
  # outputs names that say which page they are.
  readability=$shared/corpus/readability
  [[ -d $readability ]] || die "corpus not found: $readability (set WINNOW_SHARED)"
  mkdir "$work/readability"
  for page in "$readability"/*/source.html; do
    ln -s "$page" "$work/readability/$(basename "$(dirname "$page")").html"
  done
  inputs=("$work/readability" "$shared/corpus/wcxb-dev/html" "$repo/samples")
fi
for input in "${inputs[@]}"; do
  [[ -e $input ]] || die "not found: $input"
done

# Each input its own `winnow clean` run and output folder, so that outputs of different inputs
# cannot take each other's names.
run() {  # run NAME BINARY: cleans every input into $work/NAME/<n>/, exit codes into $work/NAME/rc
  local name=$1 binary=$2 n=0
  mkdir -p "$work/$name"
  for input in "${inputs[@]}"; do
    n=$((n + 1))
    local status=0
    "$binary" clean --format json -j "$jobs" --out "$work/$name/$n" "$input" \
      >/dev/null 2>"$work/$name/$n.stderr" || status=$?
    echo "$n $input: exit $status" >>"$work/$name/rc"
    # Error lines name the input, the same for both; spdlog's time stamp does not matter.
    sed -i -E 's/^\[[0-9: .-]+\] //' "$work/$name/$n.stderr"
  done
  find "$work/$name" -name '*.json' -exec sed -i '/^  "source": /d' {} +
}
run base "$base"
run new "$new"

pages=$(find "$work/base" -name '*.json' | wc -l)
diff -rq "$work/base" "$work/new" >"$work/differences" || true
differing=$(wc -l <"$work/differences")
echo "compare_outputs: $pages pages from base, $differing differing files (JSON, exit codes, stderr)"
if ((differing == 0)); then
  exit 0
fi
head -n 20 "$work/differences"
head -n "$show" "$work/differences" | while read -r line; do
  # "Files A and B differ" or "Only in DIR: NAME"
  if [[ $line =~ ^Files\ (.*)\ and\ (.*)\ differ$ ]]; then
    diff -u "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" | head -n 40 || true
  fi
done
exit 1
