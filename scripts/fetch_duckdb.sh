#!/usr/bin/env bash
# Fetches DuckDB 1.4.4 from the npm registry, pinned by version and integrity
# hash, without running any package script: the C header from `duckdb` and
# libduckdb.so (parquet, json, icu built in) from the prebuilt Linux bindings.
# Result: third_party/duckdb/{include/duckdb.h,lib/libduckdb.so}. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

DEST=third_party/duckdb
STAMP="$DEST/.pinned-1.4.4-r.4"
[[ -f "$STAMP" ]] && exit 0

declare -A INTEGRITY=(
  ["duckdb@1.4.4"]="sha512-hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog=="
  ["@duckdb/node-bindings-linux-x64@1.4.4-r.4"]="sha512-jBTL/WvfwxLToFa/pVHfT6elMtltJGnc3wSuxZD9OfMltit9YUdVFS37vBFQzXMT1Z8OWjtSjMh+zPKxOwHLHA=="
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for spec in "${!INTEGRITY[@]}"; do
  tarball=$(cd "$work" && npm pack --ignore-scripts --silent "$spec")
  actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
  if [[ "$actual" != "${INTEGRITY[$spec]}" ]]; then
    echo "fetch_duckdb: integrity mismatch for $spec: got $actual" >&2
    exit 1
  fi
  mkdir -p "$work/${tarball%.tgz}"
  tar xzf "$work/$tarball" -C "$work/${tarball%.tgz}"
done

mkdir -p "$DEST/include" "$DEST/lib"
cp "$work/duckdb-1.4.4/package/src/duckdb/src/include/duckdb.h" "$DEST/include/"
cp "$work/duckdb-node-bindings-linux-x64-1.4.4-r.4/package/libduckdb.so" "$DEST/lib/"
touch "$STAMP"
echo "setup: DuckDB 1.4.4 installed in $DEST"
