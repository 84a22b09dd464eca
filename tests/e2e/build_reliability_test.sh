#!/usr/bin/env bash
# Reliability of `ecomdw build`: a second build while one runs is refused and
# changes nothing; a build killed with SIGKILL at several points leaves the
# published warehouse as it was, and the rerun ends equal to a clean build of
# the same raw zone (every core and marts table fingerprinted).
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: build_reliability_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
fp() { fingerprint "$ECOMDW" "$1"; }

# One raw zone, built cleanly in its own project: the reference.
"$ECOMDW" init "$work/clean" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.02 --seed 9 --days 60 --to "file://$work/clean/raw" > /dev/null 2>&1 \
  || { echo "FAIL generate"; exit 1; }
"$ECOMDW" --log-level warn --project "$work/clean" build > "$work/clean.log" 2>&1 || { cat "$work/clean.log"; exit 1; }
reference=$(fp "$work/clean")
[[ $(grep -c '"n"' <<<"$reference") -eq 13 ]] && ok || fail "reference fingerprint: $reference"

# A second build while one holds the lock is refused (exit 3) and publishes nothing.
"$ECOMDW" init "$work/p" > /dev/null
cp -r "$work/clean/raw" "$work/p/raw"
mkdir -p "$work/p/.ecomdw"
( flock 9; exec sleep 60 ) 9> "$work/p/.ecomdw/build.lock" &
holder=$!   # the sleep itself holds the lock: killing it releases the lock
until ! flock -n "$work/p/.ecomdw/build.lock" true; do :; done   # the holder has the lock
out=$("$ECOMDW" --log-level warn --project "$work/p" build 2>&1)
rc=$?
[[ $rc -eq 3 ]] && ok || fail "concurrent build exit $rc"
grep -q "another build of this project is running" <<<"$out" && ok || fail "concurrent build message: $out"
[[ ! -e "$work/p/warehouse.duckdb" ]] && ok || fail "refused build published something"
kill "$holder"
wait "$holder" 2>/dev/null

# Kill -9 at points seen in the statement trace, each time on a fresh attempt.
kill_at() {  # kill_at PATTERN: run a build, SIGKILL it when its trace shows PATTERN
  local pattern=$1 log="$work/trace.log"
  : > "$log"
  "$ECOMDW" --log-level trace --project "$work/p" build > "$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null && ! grep -q -- "$pattern" "$log"; do :; done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  grep -q -- "$pattern" "$log" && ok || fail "build ended before reaching: $pattern"
}
before=$(readlink "$work/p/warehouse.duckdb" 2>/dev/null || echo none)
for point in 'DELETE FROM "ops"."ingest_ledger" AS l' 'INSERT INTO "staging"."webshop_orders"' \
             'CREATE OR REPLACE TABLE "core"."fact_orders"' 'CREATE OR REPLACE TABLE "marts"'; do
  kill_at "$point"
  after=$(readlink "$work/p/warehouse.duckdb" 2>/dev/null || echo none)
  [[ "$after" == "$before" ]] && ok || fail "killed build at '$point' changed what is published: $before -> $after"
done
"$ECOMDW" --log-level warn --project "$work/p" build > "$work/rerun.log" 2>&1 && ok || { fail "rerun"; cat "$work/rerun.log"; }
[[ "$(fp "$work/p")" == "$reference" ]] && ok || fail "after kill -9 and rerun the warehouse differs from a clean build"
# And once more: the other color catches up to the same content.
"$ECOMDW" --log-level warn --project "$work/p" build > "$work/rerun2.log" 2>&1 && ok || fail "second rerun"
[[ "$(fp "$work/p")" == "$reference" ]] && ok || fail "the caught-up color differs from a clean build"

e2e_finish "build reliability"
