#!/usr/bin/env bash
# Installs winnow's build and test dependencies from Debian 12 packages. Idempotent: when every
# package is already installed it touches nothing (and needs no network).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config python3 time
  libcurl4-openssl-dev libgumbo-dev libxml2-dev libspdlog-dev catch2 libicu-dev
  nlohmann-json3-dev libcli11-dev zlib1g-dev libtomlplusplus-dev libssl-dev
  libcpp-httplib-dev libcld2-dev libsqlite3-dev libpq-dev postgresql curl
  valgrind zstd  # tests/leak_test.sh; the fetch tests' zstd-encoded bodies
  clang libclang-rt-14-dev  # tests/fuzz.sh: clang's libFuzzer and sanitizer runtimes (clang only recommends the latter)
)

# tests/warc_interop_test.sh reads our WARC files with npm's warcio, and bench/speed.sh runs
# Readability on node; a NodeSource nodejs already bundles npm (and conflicts with Debian's).
command -v npm >/dev/null || packages+=(nodejs npm)

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
