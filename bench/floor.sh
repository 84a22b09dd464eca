#!/usr/bin/env bash
# The engine floor (issue 11): the whole build as one hand-written DuckDB script, see
# bench/baseline_b1.py. Runnable alone; time it from outside (/usr/bin/time -v bench/floor.sh ...).
#   bench/floor.sh RAW_DIR DB_FILE [PROJECT_DIR] [TRUTH_DIR]
# PROJECT_DIR (contract + models) defaults to the built-in project/ of this checkout; TRUTH_DIR
# (default RAW_DIR.truth if it exists) adds the check of daily sales against the generator's truth.
# DB_FILE is replaced. Prints each step's seconds (load per source, each model, checkpoint).
# The script generation (listing the objects, one header per CSV source) is part of the time.
# FLOOR_LOAD_ONLY=1: the load alone (raw zone -> typed, clean staging tables), no models.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RAW=${1:?usage: bench/floor.sh RAW_DIR DB_FILE [PROJECT_DIR] [TRUTH_DIR]}
DB=${2:?usage: bench/floor.sh RAW_DIR DB_FILE [PROJECT_DIR] [TRUTH_DIR]}
PROJECT=${3:-$HERE/../project}
TRUTH=${4:-}
if [ -z "$TRUTH" ] && [ -d "$RAW.truth" ]; then TRUTH=$RAW.truth; fi
SQLRUN=$("$HERE/sqlrun_path.sh")
PY=${PYTHON:-/usr/bin/python3}
rm -f "$DB" "$DB.wal" "$DB.sql"
"$PY" "$HERE/baseline_b1.py" "$RAW" "$PROJECT" "$DB.sql" ${TRUTH:+"$TRUTH"}
exec "$SQLRUN" "$DB" "$DB.sql"
