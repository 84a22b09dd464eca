#!/usr/bin/env bash
# `make bench`: benchmarks (never timed assertions). See docs/BENCHMARKS.md.
#   make bench                 B1 + B2 at SF 0.1
#   BENCH_SF=1 make bench      at SF 1 (BENCH_SEED, BENCH_DIR: see bench/build_bench.sh)
# The ingest benchmark (SF 1 zone, moto) is run by hand: bench/ingest_bench.py.
set -euo pipefail
ECOMDW=${1:-build/ecomdw}
exec nice -n "${BENCH_NICE:-10}" "$(dirname "$0")/build_bench.sh" "$ECOMDW"
