#!/usr/bin/env bash
# `make bench`: benchmarks (never timed assertions). See docs/BENCHMARKS.md.
set -euo pipefail
echo "bench: no benchmarks yet"
