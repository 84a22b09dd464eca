#!/usr/bin/env bash
# Software updates: a warehouse written by the previous schema version is
# upgraded by the next writer (and keeps every table as it was); one newer
# than this ecomdw is refused by readers and writers alike, unchanged.
#
# The previous version's warehouse is this build's, taken back to the shape
# ecomdw had before schema versioning (no ops.schema_version, ops.runs
# without `arguments`) by the test's own SQL through the pinned libduckdb.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: migration_test.sh PATH_TO_ECOMDW}")
here=$(dirname "$(realpath "$0")")
source "$here/lib.sh"
e2e_setup
E() { "$ECOMDW" --log-level warn "$@"; }
libduckdb=$(ldd "$ECOMDW" | awk '/libduckdb/ {print $3}')
sql_on() {  # sql_on FILE SQL...: statements on a warehouse file, written in place
  local file=$1; shift
  /usr/bin/python3 "$here/duckdb_exec.py" "$libduckdb" "ATTACH '$file' AS wh" "USE wh" "$@"
}
one() {  # one SQL: the single value of a one-row, one-column query
  E --project "$p" --format jsonl query "$1" | python3 -c 'import json,sys; print(list(json.loads(sys.stdin.read()).values())[0])'
}

p="$work/p"
E init "$p" > /dev/null
E generate --scale 0.01 --seed 5 --days 12 --to "file://$p/raw" > /dev/null 2>&1 || { fail "generate"; e2e_finish migration; exit 1; }
E --project "$p" build > "$work/b1.log" 2>&1 || { fail "first build"; cat "$work/b1.log"; e2e_finish migration; exit 1; }
[[ "$(one "SELECT string_agg(CAST(version AS VARCHAR), ',' ORDER BY version) FROM ops.schema_version")" == "1,2" ]] \
  && ok || fail "a new warehouse does not record schema versions 1,2"
before=$(fingerprint "$ECOMDW" "$p")

# 1. The previous schema version, as ecomdw wrote it before 2026-12-02.
published=$(realpath "$p/warehouse.duckdb")
sql_on "$published" "DROP TABLE ops.schema_version" "ALTER TABLE ops.runs DROP COLUMN arguments" \
  || { fail "taking the warehouse back to the previous schema"; e2e_finish migration; exit 1; }
E --project "$p" status > "$work/status-old.txt" 2>&1 && ok || { fail "status on the previous schema"; cat "$work/status-old.txt"; }
E --project "$p" build > "$work/b2.log" 2>&1 && ok || { fail "build over the previous schema"; cat "$work/b2.log"; }
[[ "$(one "SELECT string_agg(CAST(version AS VARCHAR), ',' ORDER BY version) FROM ops.schema_version")" == "1,2" ]] \
  && ok || fail "the upgrade did not record versions 1,2"
[[ "$(one "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'ops' AND table_name = 'runs' AND column_name = 'arguments'")" == 1 ]] \
  && ok || fail "ops.runs did not gain arguments"
[[ "$(one "SELECT count(*) FILTER (WHERE arguments IS NULL) || '/' || count(*) FROM ops.runs")" == "1/2" ]] \
  && ok || fail "ops.runs: the old run should have no arguments, the new one its own: $(one "SELECT count(*) FILTER (WHERE arguments IS NULL) || '/' || count(*) FROM ops.runs")"
[[ "$(fingerprint "$ECOMDW" "$p")" == "$before" ]] && ok || fail "the upgrade changed core or marts tables"

# 2. A warehouse from a newer ecomdw: refused, and left as it was.
published=$(realpath "$p/warehouse.duckdb")
sql_on "$published" "INSERT INTO ops.schema_version VALUES (99, 'from the future', now()::TIMESTAMP, 'ecomdw 99')" \
  || { fail "writing a future schema version"; e2e_finish migration; exit 1; }
sum_before=$(sha256sum "$published" | cut -d' ' -f1)
E --project "$p" query "SELECT 1" > "$work/q-new.txt" 2>&1 && fail "query read a newer warehouse" || ok
grep -q "schema version 99, newer than this ecomdw" "$work/q-new.txt" && ok || { fail "query's refusal does not say why"; cat "$work/q-new.txt"; }
E --project "$p" build > "$work/b3.log" 2>&1 && fail "build wrote over a newer warehouse" || ok
grep -q "schema version 99" "$work/b3.log" && ok || { fail "build's refusal does not say why"; cat "$work/b3.log"; }
[[ "$(sha256sum "$(realpath "$p/warehouse.duckdb")" | cut -d' ' -f1)" == "$sum_before" ]] && ok || fail "the newer warehouse was changed"

e2e_finish migration
