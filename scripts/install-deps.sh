#!/usr/bin/env bash
# Installs winnow's dependencies from Debian 12 packages. Idempotent: when every package is
# already installed it touches nothing (and needs no network).
#
#   bash scripts/install-deps.sh           what the main job needs: the compiler, CMake, Ninja and
#                                          the libraries winnow builds against (scripts/demo.sh)
#   bash scripts/install-deps.sh --tests   the same plus what the tests, fuzzers and benchmarks
#                                          need (scripts/test.sh)
set -euo pipefail

with_tests=false
case "${1:-}" in
  "") ;;
  --tests) with_tests=true ;;
  *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac

# Building winnow (with -DWINNOW_TESTS=OFF) and running the demo crawl.
packages=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libgumbo-dev libxml2-dev libspdlog-dev libicu-dev
  nlohmann-json3-dev libcli11-dev zlib1g-dev libtomlplusplus-dev libssl-dev
  libcld2-dev libsqlite3-dev libpq-dev
  libcpp-httplib-dev  # tests/site_server, which serves the demo's site on 127.0.0.1
  python3             # scripts/demo.sh shows a few stored rows with it
)

if $with_tests; then
  packages+=(
    catch2                       # the unit tests (find_package(Catch2) only with WINNOW_TESTS=ON)
    postgresql                   # tests/postgres_test.sh and the crawl's PostgreSQL tests: a throwaway server
    curl time                    # the test servers' checks; the benchmarks' timings (/usr/bin/time)
    valgrind zstd                # tests/leak_test.sh; the fetch tests' zstd-encoded bodies
    clang libclang-rt-14-dev     # the ASan + UBSan build and tests/fuzz.sh (clang only recommends the runtimes)
    python3-dev pybind11-dev python3-pytest  # the Python module and its tests
    groff-base                   # tests/install_test.sh renders the man page (systemd-analyze checks the units where it is)
  )
  # tests/warc_interop_test.sh reads our WARC files with npm's warcio, and bench/speed.sh runs
  # Readability on node; a NodeSource nodejs already bundles npm (and conflicts with Debian's).
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
