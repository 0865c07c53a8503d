#!/usr/bin/env bash
# Quality benchmark, two corpora:
# - the shared Readability corpus, cleaned with `winnow clean --format text` and scored against
#   each page's expected.html with shared/tools/score.py (token 4-gram shingles): the summary, the
#   10 worst pages by F1, and, when the bench target metadata_eval exists, its report;
# - the WCXB development corpus (shared/corpus/wcxb-dev, seven page types), cleaned with
#   `winnow clean --format json` and scored with score.py's wcxb mode (word F1 per page type),
#   then reported by bench/wcxb_report.py (both halves, snippets, page-type confusion, metadata,
#   the worst pages of each type).
# Exits 1 when the Readability F1 < MIN_F1.
#
# Environment:
#   BUILD_DIR      build folder (default: build-bench in the repo), configured as Release
#   WINNOW         use this winnow binary instead of building one
#   WINNOW_SHARED  the shared folder (default: ../shared beside the repo)
#   MIN_F1         fail below this F1 (default 0)
#   JOBS           winnow -j (default: 2)
#   SKIP_WCXB      1: do not run the WCXB corpus
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${WINNOW_SHARED:-$repo/../shared}
corpus=$shared/corpus/readability
build=${BUILD_DIR:-$repo/build-bench}
min_f1=${MIN_F1:-0}
jobs=${JOBS:-2}
links=$repo/bench/out/links/quality
out=$repo/bench/out/quality
report=$repo/bench/out/quality-score.txt
wcxb=$shared/corpus/wcxb-dev
wcxb_out=$repo/bench/out/quality-wcxb
wcxb_report=$repo/bench/out/quality-wcxb-report.txt

build_log=$repo/bench/out/build.log

die() { echo "quality: $*" >&2; exit 2; }

[[ -d $corpus ]] || die "corpus not found: $corpus (set WINNOW_SHARED)"
mkdir -p "$repo/bench/out"
[[ -f $shared/tools/score.py ]] || die "scorer not found: $shared/tools/score.py"

# shellcheck source=bench/common.sh
source "$repo/bench/common.sh"


if [[ -n ${WINNOW:-} ]]; then
  winnow=$WINNOW
  [[ -x $winnow ]] || die "WINNOW is not executable: $winnow"
else
  configure_build || die "cmake configure failed in $build"
  cmake --build "$build" --target winnow -j2 >"$build_log" 2>&1 ||
    { tail -n 40 "$build_log" >&2; die "building winnow failed"; }
  winnow=$build/app/winnow
fi

link_corpus_pages
rm -rf "$out"
mkdir -p "$out"
pages=$(find "$links" -name '*.html' | wc -l)
echo "quality: cleaning $pages pages with $winnow (-j $jobs)"
clean_rc=0
"$winnow" clean "$links"/*.html --out "$out" --format text -j "$jobs" 2>"$out.stderr" || clean_rc=$?
if ((clean_rc == 2)); then
  cat "$out.stderr" >&2
  die "winnow clean: usage or config error"
elif ((clean_rc != 0)); then
  echo "quality: winnow clean exit $clean_rc, $(grep -c . "$out.stderr") stderr lines (see $out.stderr); missing outputs score as empty"
fi

python3 "$shared/tools/score.py" expected "$corpus" "$out" -v >"$report" || true
summary=$(tail -n 1 "$report")
[[ $summary == expected* ]] || die "score.py gave no summary (see $report)"
echo
echo "$summary"

# Per-page lines are "NAME: tp T fp P fn N" (fractions of the page's shingles).
echo
echo "10 worst pages by F1:"
printf '  %-40s %7s %7s %7s\n' page F1 prec recall
awk '$2 == "tp" && $4 == "fp" && $6 == "fn" {
       name = substr($1, 1, length($1) - 1); tp = $3; fp = $5; fn = $7
       f1 = (2 * tp + fp + fn > 0) ? 2 * tp / (2 * tp + fp + fn) : 1
       p = (tp + fp > 0) ? sprintf("%.3f", tp / (tp + fp)) : "-"
       r = (tp + fn > 0) ? sprintf("%.3f", tp / (tp + fn)) : "-"
       printf "%.6f %s %s %s\n", f1, name, p, r
     }' "$report" | sort -g |
  awk 'NR <= 10 { printf "  %-40s %7.3f %7s %7s\n", $2, $1, $3, $4 }'

build_has_target() {
  [[ -f $build/CMakeCache.txt ]] || return 1
  # grep -q would close the pipe early and, under pipefail, fail the whole test on SIGPIPE.
  local targets
  targets=$(cmake --build "$build" --target help 2>/dev/null) || return 1
  grep -Eq "(^|[ ./])$1(:| |$)" <<<"$targets"
}

# metadata_eval is optional (added by the metadata work); run as: metadata_eval CORPUSDIR.
if build_has_target metadata_eval && cmake --build "$build" --target metadata_eval -j2 >/dev/null; then
  echo
  echo "metadata_eval:"
  "$build/bench/metadata_eval" "$corpus" || echo "quality: metadata_eval exit $?"
fi

# Pages under F1 0.5 must be listed, with the reason, in bench/reference-exceptions.md.
exceptions=$repo/bench/reference-exceptions.md
unexplained=$(awk '$2 == "tp" && $4 == "fp" && $6 == "fn" {
       name = substr($1, 1, length($1) - 1); tp = $3; fp = $5; fn = $7
       f1 = (2 * tp + fp + fn > 0) ? 2 * tp / (2 * tp + fp + fn) : 1
       if (f1 < 0.5) print name
     }' "$report" | while read -r page; do
  grep -q "^| $page |" "$exceptions" || echo "$page"
done)
echo
if [[ -n $unexplained ]]; then
  echo "pages under F1 0.5 not explained in bench/reference-exceptions.md:" $unexplained
else
  echo "every page under F1 0.5 is explained in bench/reference-exceptions.md"
fi

# The WCXB corpus: pages html/<id>.html.gz, winnow writes <id>.json (it names outputs without
# .html.gz), which both scorers read.
run_wcxb() {
  if [[ ${SKIP_WCXB:-0} == 1 ]]; then
    echo "wcxb: skipped (SKIP_WCXB=1)"
    return
  fi
  if [[ ! -d $wcxb/html || ! -d $wcxb/ground-truth ]]; then
    echo "wcxb: skipped (corpus not found: $wcxb)"
    return
  fi
  rm -rf "$wcxb_out"
  mkdir -p "$wcxb_out"
  local wcxb_pages wcxb_rc=0
  wcxb_pages=$(find "$wcxb/html" -name '*.html.gz' | wc -l)
  echo "wcxb: cleaning $wcxb_pages pages of $wcxb (-j $jobs)"
  "$winnow" clean "$wcxb/html"/*.html.gz --out "$wcxb_out" --format json -j "$jobs" 2>"$wcxb_out.stderr" ||
    wcxb_rc=$?
  if ((wcxb_rc == 2)); then
    cat "$wcxb_out.stderr" >&2
    die "winnow clean (wcxb): usage or config error"
  elif ((wcxb_rc != 0)); then
    echo "wcxb: winnow clean exit $wcxb_rc, $(grep -c . "$wcxb_out.stderr") stderr lines (see $wcxb_out.stderr); missing outputs score as empty"
  fi
  echo
  echo "score.py wcxb (word F1 per page type, then all pages):"
  python3 "$shared/tools/score.py" wcxb "$wcxb/ground-truth" "$wcxb_out" || echo "wcxb: score.py exit $?"
  echo
  python3 "$repo/bench/wcxb_report.py" "$wcxb/ground-truth" "$wcxb_out" >"$wcxb_report" ||
    echo "wcxb: wcxb_report.py exit $? (see $wcxb_report)"
  cat "$wcxb_report"
}
echo
run_wcxb

f1=$(awk '{ for (i = 1; i < NF; i++) if ($i == "F1") print $(i + 1) }' <<<"$summary")
if awk -v f1="$f1" -v min="$min_f1" 'BEGIN { exit !(f1 + 0 < min + 0) }'; then
  echo
  echo "quality: FAIL: F1 $f1 < MIN_F1 $min_f1"
  exit 1
fi
if [[ -n $unexplained && -n ${STRICT:-} ]]; then
  echo "quality: FAIL: unexplained pages under F1 0.5 (STRICT is set)"
  exit 1
fi
