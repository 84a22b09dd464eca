#!/usr/bin/env bash
# One B1 or B2 build from the snapshots bench/run.sh leaves (fresh/, before-b2/), for repeated timing:
#   bench/build_once.sh b1|b2|restore-b1|restore-b2 ECOMDW [JSON_OUT|-]
# b1: copies fresh/ (raw zone only) to project/ and builds; b2: copies before-b2/ (built warehouse +
# one appended day) and builds. restore-*: the copy alone, to subtract. BENCH_DIR/BENCH_SF as in
# bench/run.sh. Time it from outside, e.g. /usr/bin/time -v bench/build_once.sh b1 build/ecomdw
set -euo pipefail
WHAT=${1:?usage: bench/build_once.sh b1|b2|restore-b1|restore-b2 ECOMDW [JSON_OUT|-]}
ECOMDW=${2:?usage: bench/build_once.sh b1|b2|restore-b1|restore-b2 ECOMDW [JSON_OUT|-]}
SF=${BENCH_SF:-0.1}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/ecomdw-bench-sf$SF}
case $WHAT in
  b1|restore-b1) SNAP=$DIR/fresh ;;
  b2|restore-b2) SNAP=$DIR/before-b2 ;;
  *) echo "bench: unknown $WHAT" >&2; exit 2 ;;
esac
[ -d "$SNAP" ] || { echo "bench: $SNAP missing: run bench/run.sh first" >&2; exit 2; }
# Restored at the project's own path: the ingest ledger records the bucket by its absolute path,
# so a copy elsewhere would see every object as new and re-ingest the whole zone.
rm -rf "$DIR/project"
cp -a "$SNAP" "$DIR/project"
case $WHAT in restore-*) exit 0 ;; esac
if [ "${3:-}" = - ]; then  # JSON to stdout (e.g. appended to a file across runs)
  exec "$ECOMDW" --format json --project "$DIR/project" build
fi
exec "$ECOMDW" --format json --project "$DIR/project" build >"${3:-/dev/null}"
