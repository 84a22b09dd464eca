#!/usr/bin/env bash
# The README's verbs in every order a new user might run them, each order on
# a fresh project over the same raw zone: readers before any build say so
# plainly, ingest then build, ingest twice, run then check, build twice,
# build then ingest then run. Every order that publishes ends equal (every
# core and marts table fingerprinted) to a plain `build` of the same raw
# zone, and the ledger holds exactly one row per object in the bucket.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: verb_order_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
E() { "$ECOMDW" --log-level warn "$@"; }

expect() {  # expect NAME WANT_RC CMD... ; stdout+stderr in $out
  local name=$1 want=$2
  shift 2
  out=$("$@" 2>&1)
  local rc=$?
  if [[ $rc -eq $want ]]; then ok; else fail "$name: exit $rc, want $want"; echo "$out" | tail -15; fi
}
contains() { grep -qF -- "$2" <<<"$out" && ok || { fail "$1: output lacks: $2"; echo "$out" | tail -15; }; }

E generate --scale 0.01 --seed 11 --days 30 --to "file://$work/raw" > /dev/null 2>&1 || { echo "FAIL generate"; exit 1; }
# Objects the sources list: everything under the raw zone's source prefixes.
objects=$(find "$work/raw" -type f | wc -l)
((objects > 50)) && ok || fail "raw zone has only $objects objects"

fresh() {  # fresh NAME: a new project over a copy of the raw zone; path in $p
  p="$work/$1"
  E init "$p" > /dev/null
  cp -r "$work/raw" "$p/raw"
  cp -r "$work/raw.truth" "$p/raw.truth"   # append-day continues from the generator's state there
}
ledger_rows() {  # ledger_rows [--unpublished]: ledger rows of the project $p
  E --project "$p" --format jsonl query "$@" "SELECT count(*) AS n FROM ops.ingest_ledger WHERE state = 'landed'" \
    | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["n"])'
}
generations() { find "$p/.ecomdw" -maxdepth 1 -name 'gen-*.duckdb' | wc -l; }

fresh reference
expect "reference build" 0 E --project "$p" build
reference=$(fingerprint "$ECOMDW" "$p")
[[ $(grep -c '"n"' <<<"$reference") -eq 13 ]] && ok || fail "reference fingerprint: $reference"
[[ $(ledger_rows) -eq $objects ]] && ok || fail "reference ledger: $(ledger_rows) rows for $objects objects"

# Readers before anything was built: a plain answer, not an engine error.
fresh readers-first
expect "status before a build" 0 E --project "$p" status
contains "status before a build" "(not built yet)"
expect "query before a build" 3 E --project "$p" query "SELECT 1"
contains "query before a build" "nothing is published yet"
expect "check before a build" 3 E --project "$p" check
contains "check before a build" "nothing is published yet"
expect "query --unpublished before anything" 3 E --project "$p" query --unpublished "SELECT 1"
contains "query --unpublished before anything" "no unpublished generation"
[[ ! -e "$p/warehouse.duckdb" ]] && ok || fail "a reader created the warehouse"

# ingest -> ingest -> build.
fresh ingest-first
expect "ingest on a fresh project" 0 E --project "$p" ingest
[[ ! -e "$p/warehouse.duckdb" ]] && ok || fail "ingest published something"
[[ ! -e "$p/warehouse.duckdb.wal" ]] && ok || fail "ingest left a log named after the link"
expect "ingest again" 0 E --project "$p" ingest
contains "ingest again" "nothing new"
[[ $(ledger_rows --unpublished) -eq $objects ]] && ok || fail "ledger after two ingests: $(ledger_rows --unpublished) rows for $objects objects"
expect "status after ingest" 0 E --project "$p" status
contains "status after ingest" "unpublished gen-"
expect "build after ingest" 0 E --project "$p" build
[[ "$(fingerprint "$ECOMDW" "$p")" == "$reference" ]] && ok || fail "ingest -> build differs from a plain build"
[[ $(ledger_rows) -eq $objects ]] && ok || fail "ledger after ingest -> build: $(ledger_rows) rows for $objects objects"
expect "query --unpublished after a publish" 3 E --project "$p" query --unpublished "SELECT 1"

# run before anything landed, then ingest -> run -> check.
fresh run-first
expect "run with nothing landed" 3 E --project "$p" run
contains "run with nothing landed" "nothing to publish"
[[ ! -e "$p/warehouse.duckdb" ]] && ok || fail "run with nothing landed published something"
expect "ingest before run" 0 E --project "$p" ingest
expect "run after ingest" 0 E --project "$p" run
expect "check after run" 0 E --project "$p" check
contains "check after run" "0 failed, 0 errored"
[[ "$(fingerprint "$ECOMDW" "$p")" == "$reference" ]] && ok || fail "ingest -> run differs from a plain build"

# build -> build: the second has nothing to do, publishes the same, and the
# old generation is removed (no reader holds it).
fresh build-twice
expect "first build" 0 E --project "$p" build
first=$(readlink "$p/warehouse.duckdb")
expect "second build" 0 E --project "$p" build
contains "second build" "copied from the published generation"
[[ "$(readlink "$p/warehouse.duckdb")" != "$first" ]] && ok || fail "the second build did not publish a new generation"
[[ "$(fingerprint "$ECOMDW" "$p")" == "$reference" ]] && ok || fail "build -> build differs from a plain build"
[[ $(generations) -eq 1 ]] && ok || fail "$(generations) generation files left after build -> build"
[[ $(ledger_rows) -eq $objects ]] && ok || fail "ledger after build -> build: $(ledger_rows) rows"
# build --compact rewrites the published file (COPY FROM DATABASE into a fresh
# file, done by itself when dead space passes the live data): same content.
expect "build --compact" 0 E --project "$p" build --compact
contains "build --compact" "compacted"
[[ "$(fingerprint "$ECOMDW" "$p")" == "$reference" ]] && ok || fail "the compacted warehouse differs"
[[ $(ledger_rows) -eq $objects ]] && ok || fail "ledger after --compact: $(ledger_rows) rows"
[[ $(generations) -eq 1 ]] && ok || fail "$(generations) generation files left after --compact"

# build -> new day -> ingest -> query (still the old state) -> run -> check.
E generate --append-day --to "file://$p/raw" > /dev/null 2>&1 || fail "append-day"
added=$(($(find "$p/raw" -type f | wc -l) - objects))
((added > 0)) && ok || fail "append-day added no object"
expect "ingest the new day" 0 E --project "$p" ingest
[[ "$(fingerprint "$ECOMDW" "$p")" == "$reference" ]] && ok || fail "ingest changed the published warehouse"
[[ $(ledger_rows) -eq $objects ]] && ok || fail "ingest wrote into the published ledger"
[[ $(ledger_rows --unpublished) -eq $((objects + added)) ]] && ok || fail "unpublished ledger: $(ledger_rows --unpublished)"
expect "run the new day" 0 E --project "$p" run
expect "check the new day" 0 E --project "$p" check
[[ "$(fingerprint "$ECOMDW" "$p")" != "$reference" ]] && ok || fail "the new day was not published"
[[ $(ledger_rows) -eq $((objects + added)) ]] && ok || fail "published ledger after run: $(ledger_rows)"
# ... and equals a plain build of the longer raw zone.
p2=$p
fresh longer
rm -rf "$p/raw" "$p/raw.truth" && cp -r "$p2/raw" "$p/raw"
expect "plain build of the longer raw zone" 0 E --project "$p" build
[[ "$(fingerprint "$ECOMDW" "$p2")" == "$(fingerprint "$ECOMDW" "$p")" ]] && ok \
  || fail "build -> ingest -> run differs from a plain build of the same raw zone"

e2e_finish "verb order"
