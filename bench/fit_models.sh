#!/usr/bin/env bash
# Refits winnow's page-type and block classifiers on the WCXB development corpus and writes their
# tables (clean/models/*.inc), after a change to the features or to the segmentation:
#
#   bench/fit_models.sh                 # fit on every page (what winnow ships), write clean/models/
#   TRAIN=even bench/fit_models.sh      # fit on the even ids only: the odd ids are held out
#   TRAIN=odd OUT=/tmp/m bench/fit_models.sh   # the other half, into another folder
#
# Then rebuild winnow (a build configured with -DWINNOW_MODEL_DIR=OUT reads OUT instead). The
# fit needs Debian's python3-sklearn (apt-get install python3-sklearn); it takes some minutes.
#
# Environment: BUILD_DIR (default build-bench), WINNOW_SHARED, TRAIN (all, even or odd; default
# all), OUT (default clean/models), CV (also report K-fold cross-validation on the training
# pages; default 0, none).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${WINNOW_SHARED:-$repo/../shared}
corpus=$shared/corpus/wcxb-dev
build=${BUILD_DIR:-$repo/build-bench}
train=${TRAIN:-all}
out=${OUT:-$repo/clean/models}
cv=${CV:-0}

die() { echo "fit_models: $*" >&2; exit 2; }

[[ -d $corpus/html ]] || die "corpus not found: $corpus (set WINNOW_SHARED)"
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || die "needs python3-sklearn (apt-get install python3-sklearn)"
mkdir -p "$repo/bench/out"

# shellcheck source=bench/common.sh
source "$repo/bench/common.sh"
configure_build || die "cmake configure failed in $build"
cmake --build "$build" --target feature_dump -j2 >"$repo/bench/out/build.log" 2>&1 ||
  { tail -n 30 "$repo/bench/out/build.log" >&2; die "building feature_dump failed"; }

dump=$repo/bench/out/features.jsonl
echo "fit_models: dumping the features of $(find "$corpus/html" -name '*.html.gz' | wc -l) pages"
"$build/bench/feature_dump" "$dump" "$corpus"/html/*.html.gz
/usr/bin/python3 "$repo/bench/fit_models.py" "$dump" "$corpus/ground-truth" --train "$train" --cv "$cv" --write "$out"
