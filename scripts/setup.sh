#!/usr/bin/env bash
# Idempotent machine set-up for ecomdw: Debian packages and the pinned DuckDB
# release from the npm registry. Quiet when everything is already there.
# Runs as root on Debian 12 (the CI and developer machines); elsewhere it
# prints what is missing and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake pkg-config zlib1g-dev libssl-dev
  libcurl4-openssl-dev libpq-dev postgresql-15
  libtomlplusplus-dev libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
  libcpp-httplib-dev libpugixml-dev libgtest-dev libgmock-dev googletest libbenchmark-dev
  postgresql-client-15 libsimdjson-dev libcsv-dev python3-pandas
)
APT_PACKAGES+=(python3-prometheus-client)  # tests parse the metrics with the reference client's parser
APT_PACKAGES+=(chromium)  # the browser tests (tests/browser) drive Debian's chromium headless

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js and npm come with the machine image (the npm registry is reached
# through them); Debian's own npm package conflicts with that install.
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing (install Node.js 20 with npm)" >&2; exit 1; }
done

scripts/fetch_duckdb.sh
scripts/fetch_echarts.sh

# The browser tests' driver, playwright-core, pinned with its integrity hash in
# tests/browser/package-lock.json; no install scripts (it never downloads a
# browser: the tests use Debian's chromium). Re-installed when the lock changes.
if ! cmp -s tests/browser/package-lock.json tests/browser/node_modules/.ecomdw-lock 2>/dev/null; then
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --silent)
  cp tests/browser/package-lock.json tests/browser/node_modules/.ecomdw-lock
  echo "setup: playwright-core installed in tests/browser/node_modules"
fi
