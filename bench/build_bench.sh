#!/usr/bin/env bash
# B1 and B2 of DESIGN.md "Benchmarks" (results in docs/BENCHMARKS.md; never an assertion).
#
#   bench/build_bench.sh ECOMDW            SF from $BENCH_SF (default 0.1), seed $BENCH_SEED (1)
#
# In $BENCH_DIR (default ${TMPDIR:-/tmp}/ecomdw-bench-sf$SF, wiped first):
#   1. ecomdw init; ecomdw generate --scale SF --seed SEED      (not timed as part of B1)
#   2. B1: ecomdw --format json --project P build                (fresh raw zone -> published)
#   3. a no-op build (catches up the second blue/green file; reported, not part of B2)
#   4. ecomdw generate --append-day                              (one more day in the raw zone)
#   5. B2: ecomdw --format json --project P build                (the appended day only)
# Each build runs under /usr/bin/time -v; bench/build_report.py prints wall, peak RSS, seconds
# per stage, rows/s per phase, the slowest models, and B2 as a share of B1.
# Snapshots fresh/ (raw zone only) and before-b2/ (after step 4) are kept so single runs can be
# repeated: bench/build_once.sh b1|b2 ECOMDW.
set -euo pipefail

ECOMDW=${1:?usage: bench/build_bench.sh ECOMDW}
ECOMDW=$(cd "$(dirname "$ECOMDW")" && pwd)/$(basename "$ECOMDW")
SF=${BENCH_SF:-0.1}
SEED=${BENCH_SEED:-1}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/ecomdw-bench-sf$SF}
HERE=$(cd "$(dirname "$0")" && pwd)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: $TIME is missing (apt-get install time)" >&2; exit 2; }

rm -rf "$DIR"
mkdir -p "$DIR/out"
P=$DIR/project
OUT=$DIR/out

timed() {  # timed NAME CMD...: time -v into OUT/NAME.time, stdout into OUT/NAME.json
  local name=$1; shift
  if ! "$TIME" -v -o "$OUT/$name.time" "$@" >"$OUT/$name.json" 2>"$OUT/$name.err"; then
    echo "bench: $name failed (exit $?); see $OUT/$name.err" >&2
    tail -5 "$OUT/$name.err" >&2
    exit 1
  fi
}

echo "bench: SF $SF, seed $SEED, in $DIR"
"$ECOMDW" init "$P" >/dev/null
echo "bench: generating the raw zone"
timed generate "$ECOMDW" generate --scale "$SF" --seed "$SEED" --to "file://$P/raw"
cp -a "$P" "$DIR/fresh"

echo "bench: B1 (full build of the fresh raw zone)"
timed b1 "$ECOMDW" --format json --project "$P" build
echo "bench: no-op build (catch-up of the other blue/green file)"
timed noop "$ECOMDW" --format json --project "$P" build
echo "bench: appending one day"
timed append "$ECOMDW" generate --append-day --to "file://$P/raw"
cp -a "$P" "$DIR/before-b2"
echo "bench: B2 (incremental build of the appended day)"
timed b2 "$ECOMDW" --format json --project "$P" build
echo
python3 "$HERE/build_report.py" "B1 SF $SF" "$OUT/b1.json" "$OUT/b1.time" \
  "no-op" "$OUT/noop.json" "$OUT/noop.time" "B2 SF $SF" "$OUT/b2.json" "$OUT/b2.time"
