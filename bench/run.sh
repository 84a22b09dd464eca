#!/usr/bin/env bash
# `make bench` (issue 11 targets; results in docs/BENCHMARKS.md; never an assertion).
#
#   bench/run.sh [ECOMDW]                               default build/ecomdw
#
# In one command, at BENCH_SF, BENCH_RUNS rounds of: the physical limit (bench/physical.sh),
# ecomdw B1 (full build of the fresh raw zone), the engine floor (bench/floor.sh) and the pandas
# build (bench/pandas_b1.py), each under /usr/bin/time -v; then the pandas check against the truth
# (bench/pandas_check.py, untimed); then `ecomdw generate --append-day` onto the last B1 and
# BENCH_RUNS times B2 (the first build after B1 plus one day, no warm-up or catch-up build before
# it; each from the same snapshot). bench/report.py prints medians (min-max), peak RSS, file sizes
# against raw bytes, rows/s per phase from the build report's "stages", and the ratios B1/floor,
# pandas/B1, B1/physical (median of the per-round ratios) and B2/B1.
#
# Environment:
#   BENCH_SF     scale factor (0.1)           BENCH_SEED  seed (1)        BENCH_RUNS  rounds (3)
#   BENCH_RAW    an existing raw zone to copy (its truth beside it, RAW.truth) instead of generating
#   BENCH_DIR    working directory, wiped first (${TMPDIR:-/tmp}/ecomdw-bench-sf<SF>)
#   BENCH_PARTS  which parts (default "physical b1 floor pandas b2"; b2 needs b1)
#   BENCH_NICE   niceness of the whole run (5)
# Each part also runs alone: bench/physical.sh RAW, bench/floor.sh RAW DB, pandas_b1.py RAW OUT,
# bench/build_once.sh b1|b2 ECOMDW (from this run's snapshots).
set -euo pipefail
ECOMDW=${1:-build/ecomdw}
ECOMDW=$(cd "$(dirname "$ECOMDW")" && pwd)/$(basename "$ECOMDW")
HERE=$(cd "$(dirname "$0")" && pwd)
SF=${BENCH_SF:-0.1}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-3}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/ecomdw-bench-sf$SF}
PARTS=" ${BENCH_PARTS:-physical b1 floor pandas b2} "
TIME=/usr/bin/time
PY=/usr/bin/python3
[ -x "$TIME" ] || { echo "bench: $TIME is missing (apt-get install time)" >&2; exit 2; }
[ -x "$ECOMDW" ] || case $PARTS in *" b1 "*|*" b2 "*) echo "bench: $ECOMDW missing (make build)" >&2; exit 2 ;; esac
renice -n "${BENCH_NICE:-5}" $$ >/dev/null 2>&1 || true
has() { case $PARTS in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

rm -rf "$DIR"
mkdir -p "$DIR/out"
P=$DIR/project
OUT=$DIR/out

timed() {  # timed NAME CMD...: time -v into OUT/NAME.time, stdout into OUT/NAME.out
  local name=$1; shift
  # The machine is shared: the load average beside each figure (before and after the run).
  cut -d' ' -f1-3 /proc/loadavg >"$OUT/$name.load"
  if ! "$TIME" -v -o "$OUT/$name.time" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; then
    echo "bench: $name failed; see $OUT/$name.err" >&2
    tail -5 "$OUT/$name.err" >&2
    exit 1
  fi
  cut -d' ' -f1-3 /proc/loadavg >>"$OUT/$name.load"
}

echo "bench: SF $SF, seed $SEED, $RUNS rounds of [${PARTS# }], in $DIR ($(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo '?'))"
if [ -x "$ECOMDW" ]; then "$ECOMDW" init "$P" >/dev/null; else mkdir -p "$P" && cp -a "$HERE/../project/." "$P/"; fi
if [ -n "${BENCH_RAW:-}" ]; then
  echo "bench: copying the raw zone $BENCH_RAW"
  cp -a "$BENCH_RAW" "$P/raw"
  cp -a "$BENCH_RAW.truth" "$P/raw.truth"
else
  echo "bench: generating the raw zone"
  timed generate "$ECOMDW" generate --scale "$SF" --seed "$SEED" --to "file://$P/raw"
fi
"$HERE/physical.sh" --bytes "$P/raw" >"$OUT/raw_bytes.txt"
"$HERE/sqlrun_path.sh" >/dev/null  # compiled before any timing
cp -a "$P" "$DIR/fresh"

for r in $(seq 1 "$RUNS"); do
  if has physical; then echo "bench: round $r: physical limit"; timed "physical.$r" "$HERE/physical.sh" "$P/raw"; fi
  if has b1; then
    echo "bench: round $r: B1 (ecomdw build of the fresh raw zone)"
    # Restored at the project's own path (the ingest ledger records the bucket's absolute path).
    rm -rf "$P" && cp -a "$DIR/fresh" "$P"
    timed "b1.$r" "$ECOMDW" --format json --project "$P" build
    find "$P" -path "$P/raw*" -prune -o -type f -name '*.duckdb*' -printf '%s %P\n' >"$OUT/b1.$r.files"
    du -sb "$P/.ecomdw" 2>/dev/null | cut -f1 >"$OUT/b1.$r.ecomdw_dir" || true
  fi
  if has floor; then
    echo "bench: round $r: engine floor (hand-written DuckDB script)"
    timed "floor.$r" "$HERE/floor.sh" "$P/raw" "$OUT/floor.duckdb" "$P" "$P/raw.truth"
    stat -c '%s floor.duckdb' "$OUT/floor.duckdb" >"$OUT/floor.$r.files"
  fi
  if has pandas; then
    echo "bench: round $r: pandas"
    rm -rf "$OUT/pandas"
    timed "pandas.$r" "$PY" "$HERE/pandas_b1.py" "$P/raw" "$OUT/pandas"
    rm -f "$OUT/pandas/pim.csv" "$OUT/pandas/pim.sql"
    du -sb "$OUT/pandas" | cut -f1 >"$OUT/pandas.$r.bytes"
  fi
done
if has pandas; then
  echo "bench: pandas against the truth (untimed)"
  "$PY" "$HERE/pandas_check.py" "$OUT/pandas" "$P/raw.truth" >"$OUT/pandas_check.txt" 2>&1 || true
fi
if has b1 && has b2; then
  echo "bench: appending one day (untimed), then B2"
  timed append "$ECOMDW" generate --append-day --to "file://$P/raw"
  rm -rf "$DIR/before-b2" && cp -a "$P" "$DIR/before-b2"
  for r in $(seq 1 "$RUNS"); do
    [ "$r" = 1 ] || { rm -rf "$P" && cp -a "$DIR/before-b2" "$P"; }
    echo "bench: B2 run $r"
    timed "b2.$r" "$ECOMDW" --format json --project "$P" build
  done
fi
echo
"$PY" "$HERE/report.py" "$OUT" | tee "$OUT/report.txt"
