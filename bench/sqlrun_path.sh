#!/usr/bin/env bash
# Prints the path of bench/sqlrun.c's binary, compiling it first when missing or older than the
# source (cc + the pinned libduckdb of third_party/, or DUCKDB_DIR). Used by floor.sh and pandas_b1.py.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DUCKDB=${DUCKDB_DIR:-$HERE/../third_party/duckdb}
# Named by the source's digest: checkouts of different versions never share (or overwrite) a binary.
SUM=$(cat "$HERE/sqlrun.c" | sha1sum | cut -c1-12)
SQLRUN=${SQLRUN:-${TMPDIR:-/tmp}/ecomdw-sqlrun-$SUM}
if [ ! -x "$SQLRUN" ]; then
  cc -O2 "$HERE/sqlrun.c" -I"$DUCKDB/include" -L"$DUCKDB/lib" -lduckdb \
     -Wl,-rpath,"$(cd "$DUCKDB/lib" && pwd)" -o "$SQLRUN.tmp.$$"
  mv "$SQLRUN.tmp.$$" "$SQLRUN"
fi
echo "$SQLRUN"
