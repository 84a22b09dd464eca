#!/usr/bin/env bash
# End-to-end: `ecomdw ingest` from a real, authenticating S3 emulator
# (moto_server with IAM), through a fault-injecting proxy, with hostile keys
# and a kill -9 mid-ingest. $1 is the ecomdw binary.
set -euo pipefail
exec python3 "$(dirname "$0")/s3/ingest_e2e.py" "$1"
