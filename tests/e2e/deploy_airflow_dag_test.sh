#!/usr/bin/env bash
# deploy/airflow/ecomdw_dag.py: compiles, its task graph is the CLI's stages in
# order, its commands run, its failure metric is what the alarm watches
# (tests/e2e/deploy/check_dag.py; no Airflow needed). $1 is the ecomdw binary.
set -euo pipefail
python3 -W error -m py_compile "$(dirname "$0")/../../deploy/airflow/ecomdw_dag.py"
exec python3 "$(dirname "$0")/deploy/check_dag.py" "$1"
