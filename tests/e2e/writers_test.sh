#!/usr/bin/env bash
# The writers of a project (ingest, build) against crashes, each other, a
# deleted landing area and a full disk. Each case runs on its own project
# over one raw zone and ends compared with a clean build of that zone: every
# core and marts table fingerprinted, quarantine rows counted per table, and
# the ledger holding exactly one landed row per object in the bucket.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: writers_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
mnt=""
cleanup() {
  kill $(jobs -p) 2>/dev/null
  wait 2>/dev/null
  [[ -n "$mnt" ]] && umount "$mnt" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
pass=0
failures=0
ok() { pass=$((pass + 1)); }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
E() { "$ECOMDW" --log-level warn "$@"; }
q() {  # q PROJECT SQL: the single value of a one-row, one-column query
  E --project "$1" --format jsonl query "$2" | python3 -c 'import json,sys; print(list(json.loads(sys.stdin.read()).values())[0])'
}
quarantine_counts() {  # per-table quarantine row counts of PROJECT's published warehouse
  local tables sql="" t
  tables=$(E --project "$1" --format jsonl query \
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'quarantine' ORDER BY 1" \
    | python3 -c 'import json,sys; [print(json.loads(l)["t"]) for l in sys.stdin if l.strip()]')
  for t in $tables; do sql+="${sql:+ UNION ALL }SELECT '$t' AS t, count(*) AS n FROM quarantine.\"$t\""; done
  E --project "$1" --format jsonl query "$sql ORDER BY t"
}
same_as_reference() {  # same_as_reference NAME PROJECT
  [[ "$(fingerprint "$ECOMDW" "$2")" == "$reference" ]] && ok || fail "$1: the warehouse differs from a clean build"
  [[ "$(quarantine_counts "$2")" == "$reference_quarantine" ]] && ok || fail "$1: quarantine rows differ from a clean build"
  local n
  n=$(q "$2" "SELECT count(*) FROM ops.ingest_ledger WHERE state = 'landed'")
  [[ "$n" -eq "$objects" ]] && ok || fail "$1: ledger has $n landed rows for $objects objects"
  n=$(q "$2" "SELECT count(*) - count(DISTINCT object_key) FROM ops.ingest_ledger")
  [[ "$n" -eq 0 ]] && ok || fail "$1: $n ledger rows repeat a key"
}
fresh() {  # fresh NAME: a new project over a copy of the raw zone, in $p
  p="$work/$1"
  E init "$p" > /dev/null
  cp -r "$work/raw" "$p/raw"
}

E generate --scale 0.01 --seed 13 --days 30 --to "file://$work/raw" > /dev/null 2>&1 || { echo "FAIL generate"; exit 1; }
objects=$(find "$work/raw" -type f | wc -l)
fresh reference
E --project "$p" build > "$work/reference.log" 2>&1 || { cat "$work/reference.log"; exit 1; }
reference=$(fingerprint "$ECOMDW" "$p")
reference_quarantine=$(quarantine_counts "$p")
[[ $(grep -c '"n"' <<<"$reference_quarantine") -ge 3 ]] && ok || fail "reference quarantine: $reference_quarantine"

# 1. kill -9 during ingest, once objects have started landing; then ingest
#    again and build. The log belongs to the work generation, never to the
#    link, and the rerun fetches what was left 'fetching' exactly once.
fresh killed-ingest
log="$work/ingest-trace.log"
"$ECOMDW" --log-level trace --project "$p" ingest --parallel 2 > "$log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null && ! grep -q 'DELETE FROM "ops"."ingest_ledger" AS l' "$log"; do :; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
grep -q 'DELETE FROM "ops"."ingest_ledger" AS l' "$log" && ok || fail "ingest ended before it was killed"
[[ ! -e "$p/warehouse.duckdb" && ! -e "$p/warehouse.duckdb.wal" ]] && ok || fail "killed ingest left files named after the link"
E --project "$p" ingest > "$work/ingest2.log" 2>&1 && ok || { fail "ingest after kill -9"; cat "$work/ingest2.log"; }
E --project "$p" build > "$work/build-after-kill.log" 2>&1 && ok || { fail "build after killed ingest"; cat "$work/build-after-kill.log"; }
same_as_reference "kill -9 during ingest" "$p"

# 1b. the same raw zone delivered by two ingest runs, the FX rates after the
#     orders they price (as a killed ingest that had landed part of the zone
#     leaves it, deterministically): one build stages both batches together,
#     so no order is quarantined unknown_currency and the result is a clean build's.
fresh split-ingest
mv "$p/raw/fx_rates" "$work/fx_rates_later"
E --project "$p" ingest > /dev/null 2>&1 && ok || fail "split ingest: first run"
mv "$work/fx_rates_later" "$p/raw/fx_rates"
E --project "$p" ingest > /dev/null 2>&1 && ok || fail "split ingest: second run"
E --project "$p" build > "$work/build-split.log" 2>&1 && ok || { fail "build after split ingest"; cat "$work/build-split.log"; }
grep -q 'staging    2 batches' "$work/build-split.log" && ok || fail "split ingest: the build did not stage two batches"
same_as_reference "split ingest" "$p"

# 2. ingest while a build runs: it waits for the build, then lands into the
#    generation the next build continues; nothing is lost or doubled.
fresh ingest-during-build
half="$work/half"
mkdir -p "$half"
# The build sees the raw zone without the last day (every source: a day only
# some sources have delivered would fail ops.staged_volume.source_daily_volume,
# the silent-source gate); it arrives mid-build.
last_day=$(find "$p/raw/orders" -type d -name 'dt=*' | sort -t= -k2 | tail -1 | sed 's/.*dt=//')
while IFS= read -r f; do
  rel=${f#"$p/raw/"}
  mkdir -p "$half/$(dirname "$rel")"
  mv "$f" "$half/$rel"
done < <(find "$p/raw" -path "*dt=$last_day*" -type f)
moved=$(find "$half" -type f | wc -l)
((moved > 0)) && ok || fail "no objects of the last day $last_day to hold back"
log="$work/build-trace.log"
"$ECOMDW" --log-level trace --project "$p" build > "$log" 2>&1 &
build_pid=$!
while kill -0 "$build_pid" 2>/dev/null && ! grep -q 'CREATE OR REPLACE TABLE "core"' "$log"; do :; done
grep -q 'CREATE OR REPLACE TABLE "core"' "$log" && ok || fail "the build ended before the models ran"
cp -r "$half/." "$p/raw/"
E --project "$p" ingest > "$work/ingest-during.log" 2>&1
ingest_rc=$?
wait "$build_pid"
build_rc=$?
[[ $build_rc -eq 0 ]] && ok || { fail "the build with an ingest waiting: exit $build_rc"; tail -5 "$log"; }
[[ $ingest_rc -eq 0 ]] && ok || { fail "ingest during a build: exit $ingest_rc"; cat "$work/ingest-during.log"; }
n=$(q "$p" "SELECT count(*) FROM ops.ingest_ledger WHERE state = 'landed'")
[[ "$n" -eq $((objects - moved)) ]] && ok || fail "the build published $n ledger rows, want $((objects - moved))"
E --project "$p" build > "$work/build-next.log" 2>&1 && ok || { fail "build after ingest during build"; cat "$work/build-next.log"; }
same_as_reference "ingest during a build" "$p"

# 3. The landing area deleted: after a build it is not needed any more (the
#    next generation is a copy), and landed-but-unstaged objects are named
#    and fetched again from the bucket.
fresh landing
E --project "$p" build > /dev/null 2>&1 && ok || fail "landing: first build"
rm -rf "$p/.ecomdw/landing"
E --project "$p" build > "$work/landing1.log" 2>&1 && ok || { fail "build after deleting the landing area"; cat "$work/landing1.log"; }
E --project "$p" run --full-refresh > "$work/landing2.log" 2>&1 && ok || { fail "full refresh without the landing area"; cat "$work/landing2.log"; }
same_as_reference "landing deleted after a build" "$p"
fresh landing-unstaged
E --project "$p" ingest > /dev/null 2>&1 && ok || fail "landing-unstaged: ingest"
rm -rf "$p/.ecomdw/landing"
out=$(E --project "$p" run 2>&1)
rc=$?
[[ $rc -eq 3 ]] && ok || fail "run with the landing area gone: exit $rc, want 3"
grep -q "gone from the landing area" <<<"$out" && grep -q "fetches them again from the bucket" <<<"$out" && ok \
  || fail "run with the landing area gone does not say what happened and what to do: $out"
out=$(E --project "$p" build 2>&1) && ok || fail "build after the landing area was deleted: $out"
same_as_reference "landing deleted before staging" "$p"

# 4. A full disk: the project on a small tmpfs, the bucket outside it.
#    Mid-build (engine writes) and at the copy of the published generation,
#    the build says which file and that nothing was published.
mnt="$work/small"
mkdir -p "$mnt"
if mount -t tmpfs -o size=6m tmpfs "$mnt" 2>"$work/mount.err"; then
  p="$mnt/p"
  E init "$p" > /dev/null
  sed -i "s|^uri = \"file://raw\"|uri = \"file://$work/raw\"|" "$p/ecomdw.toml"
  out=$(E --project "$p" build 2>&1)
  rc=$?
  [[ $rc -eq 3 ]] && ok || fail "build on a full disk: exit $rc, want 3: $out"
  grep -q "no space left on device while writing $p/.ecomdw/gen-.*; nothing was published" <<<"$out" && ok \
    || fail "full disk message: $out"
  ! grep -qi "fatal\|stack trace" <<<"$out" && ok || fail "full disk output carries the engine's FATAL: $out"
  [[ ! -e "$p/warehouse.duckdb" ]] && ok || fail "a build on a full disk published"
  mount -o remount,size=400m "$mnt"
  E --project "$p" build > "$work/disk2.log" 2>&1 && ok || { fail "build once there is room"; cat "$work/disk2.log"; }
  same_as_reference "full disk, then room" "$p"
  # Room for one generation and the landing area, not for the copy a second build makes.
  used=$(du -sk "$mnt" | cut -f1)
  gen=$(du -sk "$(readlink -f "$p/warehouse.duckdb")" | cut -f1)
  mount -o remount,size=$((used + gen / 2))k "$mnt"
  published=$(readlink "$p/warehouse.duckdb")
  out=$(E --project "$p" build 2>&1)
  rc=$?
  [[ $rc -eq 3 ]] && ok || fail "second build on a full disk: exit $rc: $out"
  grep -q "no space left on device while writing .*; nothing was published" <<<"$out" && ok \
    || fail "full disk at the copy: $out"
  [[ "$(readlink "$p/warehouse.duckdb")" == "$published" ]] && ok || fail "a build on a full disk moved the link"
  ! ls "$p/.ecomdw/" | grep -q '\.copying$' && ok || fail "a half copy was left behind"
  same_as_reference "full disk at the copy" "$p"
else
  fail "cannot mount a small tmpfs for the full-disk case (needs root): $(cat "$work/mount.err")"
fi

echo "$pass passed, $failures failed"
[[ $failures -eq 0 ]]
