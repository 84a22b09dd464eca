#!/usr/bin/env bash
# `make demo`: what ecomdw can do end to end at this commit, on the embedded
# DuckDB target. Each step is real; steps not built yet are not shown.
set -euo pipefail
ECOMDW=${1:-build/ecomdw}
DEMO=${DEMO_DIR:-demo}
"$ECOMDW" --version

# 1. A small, dirty raw zone (SF 0.01, 60 days) with its ground truth beside it.
rm -rf "$DEMO/raw" "$DEMO/raw.truth"
mkdir -p "$DEMO"
"$ECOMDW" generate --scale 0.01 --seed 42 --days 60 --to "file://$(cd "$DEMO" && pwd)/raw"
echo "demo: raw zone in $DEMO/raw, ground truth in $DEMO/raw.truth (see docs/raw_zone.md)"
echo "demo: the build and dashboard steps land with issues #5-#8"
