#!/usr/bin/env bash
# The physical limit of issue 11: the time to merely decompress and read every raw object of a zone
# to /dev/null, the zone split over both cores (xargs -P 2 over batches of 64 objects: gzip -dc for
# .gz, cat otherwise; one process per batch, so process start-up is not counted per object).
# Runnable alone; time it from outside:  /usr/bin/time -v bench/physical.sh RAW_DIR
#   bench/physical.sh --bytes RAW_DIR     prints objects, bytes stored, bytes decompressed (a
#                                         separate, untimed pass through wc -c)
# Zero-byte objects are skipped (nothing to read; gzip refuses them). The page cache is warm in
# every bench round (the builds read the same objects), so this is CPU and memory bandwidth.
set -euo pipefail
BYTES=0
if [ "${1:-}" = --bytes ]; then BYTES=1; shift; fi
RAW=${1:?usage: bench/physical.sh [--bytes] RAW_DIR}
JOBS=${PHYSICAL_JOBS:-2}
if [ "$BYTES" = 1 ]; then
  objects=$(find "$RAW" -type f -size +0 | wc -l)
  stored=$(find "$RAW" -type f -size +0 -printf '%s\n' | awk '{s += $1} END {print s}')
  plain=$( { find "$RAW" -type f -size +0 -name '*.gz' -print0 | xargs -0 -r -n 64 gzip -dc;
             find "$RAW" -type f -size +0 ! -name '*.gz' -print0 | xargs -0 -r -n 64 cat; } | wc -c)
  echo "objects $objects stored_bytes $stored decompressed_bytes $plain"
  exit 0
fi
find "$RAW" -type f -size +0 -name '*.gz' -print0 | xargs -0 -r -P "$JOBS" -n 64 gzip -dc >/dev/null &
gz=$!
find "$RAW" -type f -size +0 ! -name '*.gz' -print0 | xargs -0 -r -P "$JOBS" -n 64 cat >/dev/null
wait "$gz"
