#!/usr/bin/env bash
# `make demo`: what ecomdw can do end to end at this commit, on the embedded
# DuckDB target. Each step is real; steps not built yet are not shown.
set -euo pipefail
ECOMDW=${1:-build/ecomdw}
"$ECOMDW" --version
echo "demo: the generator, build and dashboard steps land with issues #4-#8"
