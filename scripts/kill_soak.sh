#!/usr/bin/env bash
# The soak version of tests/e2e/kill_random_test.sh: many more random kill -9
# moments (default 200) over full and incremental builds. Not part of
# `make test` (it runs for tens of minutes). Usage:
#   scripts/kill_soak.sh [build/ecomdw] [POINTS]      KILL_SEED=N reproduces a run
set -euo pipefail
cd "$(dirname "$0")/.."
KILL_POINTS=${2:-200} exec bash tests/e2e/kill_random_test.sh "${1:-build/ecomdw}"
