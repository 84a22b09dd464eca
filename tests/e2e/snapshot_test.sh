#!/usr/bin/env bash
# Snapshots (backups), the whole binary: create while a reader holds the
# warehouse, build more data, restore -> every table (core, marts, ops, the
# loader's) is as it was, by fingerprints this test computes itself through
# `ecomdw query` (md5 of the sorted row texts, not the engine hash the
# manifest uses); a reader held across the restore keeps reading what it
# opened; the next build after a restore catches up to the same core and
# marts as before it; a flipped byte and an edited manifest are refused by
# verify and restore with the warehouse unchanged; an unpublished generation
# is refused unless discarded; prune keeps N; ids and targets are checked.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: snapshot_test.sh PATH_TO_ECOMDW}")
here=$(dirname "$(realpath "$0")")
source "$here/lib.sh"
e2e_setup
E() { "$ECOMDW" --log-level warn "$@"; }
libduckdb=$(ldd "$ECOMDW" | awk '/libduckdb/ {print $3}')
p="$work/p"

# every_table: per base table of the published warehouse, its row count and
# the md5 of its rows' text sorted, as JSON lines.
every_table() {
  local tables sql="" t
  tables=$(E --project "$p" --format csv query "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
           WHERE table_type = 'BASE TABLE' AND table_catalog = current_database() ORDER BY 1" | tail -n +2)
  for t in $tables; do
    sql+="${sql:+ UNION ALL }SELECT '$t' AS t, count(*) AS n,"
    sql+=" md5(coalesce(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR)), '')) AS h FROM $t x"
  done
  E --project "$p" --format jsonl query "$sql ORDER BY t"
}
manifest_of() { echo "$p/.ecomdw/snapshots/$1/manifest.json"; }
json() {  # json FILE|- PYTHON_EXPR_ON_d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1]) if sys.argv[1] != '-' else sys.stdin); print($2)" "$1"
}
published() { realpath "$p/warehouse.duckdb"; }

# A reader process holding the published file (hold_reader.py), driven by a
# coprocess pipe: reader_state N asks for its state N and waits (bounded)
# for it.
start_reader() {
  coproc READER { exec /usr/bin/python3 "$here/hold_reader.py" "$libduckdb" "$1" "$work/reader$2"; }
  reader_prefix="$work/reader$2"
  local line
  read -r -t 120 -u "${READER[0]}" line && [[ $line == "done 0" ]] || { fail "reader $2 did not start: $line"; return 1; }
}
reader_state() {
  local line
  echo "$1" >&"${READER[1]}"
  read -r -t 120 -u "${READER[0]}" line && [[ $line == "done $1" ]] || { fail "reader broken at $1: $line"; return 1; }
  cat "$reader_prefix.$1.csv"
}
stop_reader() {
  local pid=$READER_PID fd=${READER[1]}
  eval "exec $fd>&-"  # end of its stdin: it exits
  wait "$pid" && ok || fail "the reader failed"
}

E init "$p" > /dev/null
E generate --scale 0.01 --seed 11 --days 20 --to "file://$p/raw" > /dev/null 2>&1 || { fail "generate"; e2e_finish snapshot; exit 1; }
E --project "$p" build > "$work/b1.log" 2>&1 || { fail "first build"; cat "$work/b1.log"; e2e_finish snapshot; exit 1; }
tables1=$(every_table)
core1=$(fingerprint "$ECOMDW" "$p")
n_tables=$(grep -c '"n"' <<<"$tables1")
[[ $n_tables -gt 13 ]] && ok || fail "expected core, marts, ops and loader tables, got $n_tables: $tables1"

# 1. create while a reader holds the published generation.
start_reader "$(published)" 1
s=$(date +%s%N)
sid=$(E --project "$p" snapshot create 2> "$work/create.err") && ok || { fail "create"; cat "$work/create.err"; }
create_ms=$(( ($(date +%s%N) - s) / 1000000 ))
[[ "$(reader_state 1)" == "$(cat "$reader_prefix.0.csv")" ]] && ok || fail "the reader saw a change during create"
stop_reader
[[ $sid =~ ^snap-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4}$ ]] && ok || fail "snapshot id: $sid"
m=$(manifest_of "$sid")
[[ -f "$m" && -f "$p/.ecomdw/snapshots/$sid/warehouse.duckdb" ]] && ok || fail "snapshot folder incomplete"
[[ "$(json "$m" 'd["file"]["sha256"]')" == "$(sha256sum "$p/.ecomdw/snapshots/$sid/warehouse.duckdb" | cut -d' ' -f1)" ]] \
  && ok || fail "manifest SHA-256 differs from sha256sum of the copy"
[[ "$(json "$m" 'len(d["tables"])')" == "$n_tables" ]] && ok || fail "manifest lists $(json "$m" 'len(d["tables"])') tables, the warehouse has $n_tables"
orders=$(python3 -c 'import json,sys; print([json.loads(l)["n"] for l in sys.stdin if json.loads(l)["t"] == "core.fact_orders"][0])' <<<"$tables1")
[[ "$(json "$m" '[t["rows"] for t in d["tables"] if t["table"] == "core.fact_orders"][0]')" == "$orders" ]] \
  && ok || fail "manifest row count of core.fact_orders differs from count(*) ($orders)"
schema=$(E --project "$p" --format csv query 'SELECT max(version) FROM ops.schema_version' | tail -1)
[[ "$(json "$m" 'd["schema_version"]')" == "$schema" ]] \
  && ok || fail "manifest schema version"
E --project "$p" snapshot verify "$sid" > "$work/verify.txt" 2>&1 && ok || { fail "verify"; cat "$work/verify.txt"; }
grep -q "is whole" "$work/verify.txt" && ok || fail "verify says: $(cat "$work/verify.txt")"
list=$(E --project "$p" --format json snapshot list)
[[ "$(json - 'd[0]["id"], d[0]["tables"], d[0]["schema_version"], d[0]["bytes"] > 0' <<<"$list")" == "$sid $n_tables $schema True" ]] \
  && ok || fail "list --format json: $list"
E --project "$p" snapshot list | grep -q "^$sid " && ok || fail "text list lacks $sid"

# 2. more data, published; then restore with a reader holding the newer generation.
E generate --append-day --to "file://$p/raw" > /dev/null 2>&1 || fail "append a day"
E --project "$p" build > "$work/b2.log" 2>&1 || { fail "second build"; cat "$work/b2.log"; }
tables2=$(every_table)
core2=$(fingerprint "$ECOMDW" "$p")
[[ "$tables2" != "$tables1" && "$core2" != "$core1" ]] && ok || fail "the second build changed nothing"
held=$(published)
start_reader "$held" 2
s=$(date +%s%N)
E --project "$p" snapshot restore "$sid" > "$work/restore.txt" 2>&1 && ok || { fail "restore"; cat "$work/restore.txt"; }
restore_ms=$(( ($(date +%s%N) - s) / 1000000 ))
[[ "$(reader_state 1)" == "$(cat "$reader_prefix.0.csv")" ]] && ok || fail "the held reader saw a change during restore"
[[ -f "$held" && "$(published)" != "$held" ]] && ok || fail "restore removed the held generation or published nothing new"
[[ "$(every_table)" == "$tables1" ]] && ok || fail "after restore, tables differ from the snapshot's: $(diff <(echo "$tables1") <(every_table))"
stop_reader
[[ "$(sha256sum "$(published)" | cut -d' ' -f1)" == "$(json "$m" 'd["file"]["sha256"]')" ]] && ok || fail "restored file's SHA-256"

# 3. The next build after a restore catches up: the day is ingested again.
E --project "$p" build > "$work/b3.log" 2>&1 && ok || { fail "build after restore"; cat "$work/b3.log"; }
[[ "$(fingerprint "$ECOMDW" "$p")" == "$core2" ]] && ok || fail "the build after restore differs from the build before it"

# 4. Damage: a flipped byte in a copy, then an edited manifest.
sid2=$(E --project "$p" snapshot create 2> /dev/null) || fail "second create"
copy="$p/.ecomdw/snapshots/$sid2/warehouse.duckdb"
flip() { python3 -c 'import sys; f=open(sys.argv[1],"r+b"); n=int(sys.argv[2]); f.seek(n); b=f.read(1); f.seek(n); f.write(bytes([b[0]^1]))' "$copy" "$1"; }
before=$(published)
tables3=$(every_table)
flip 20000
refused() {  # refused WHAT NEEDLE: verify and restore of $sid2 exit 3 naming NEEDLE; the warehouse is unchanged
  out=$(E --project "$p" snapshot verify "$sid2" 2>&1); rc=$?
  [[ $rc -eq 3 ]] && grep -qF -- "$2" <<<"$out" && ok || fail "$1: verify exit $rc: $out"
  out=$(E --project "$p" snapshot restore --discard-unpublished "$sid2" 2>&1); rc=$?
  [[ $rc -eq 3 ]] && grep -qF "is damaged; nothing was restored" <<<"$out" && grep -qF -- "$2" <<<"$out" && ok \
    || fail "$1: restore exit $rc: $out"
  [[ "$(published)" == "$before" && "$(every_table)" == "$tables3" ]] && ok || fail "$1: the warehouse changed"
}
refused "flipped byte" "$copy: SHA-256"
flip 20000  # back as it was
E --project "$p" snapshot verify "$sid2" > /dev/null 2>&1 && ok || fail "the repaired copy does not verify"
m2=$(manifest_of "$sid2")
cp "$m2" "$work/manifest.good"
python3 - "$m2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
t = next(t for t in d["tables"] if t["table"] == "core.fact_orders")
t["rows"] += 1
json.dump(d, open(sys.argv[1], "w"), indent=2)
EOF
refused "edited row count" "core.fact_orders: $(( $(json "$work/manifest.good" '[t["rows"] for t in d["tables"] if t["table"] == "core.fact_orders"][0]') + 1 )) rows in the manifest"
sed 's/"fingerprint": "[0-9-]*"/"fingerprint": "1"/' "$work/manifest.good" > "$m2"
refused "edited fingerprints" "fingerprint 1 in the manifest"
echo '{"format": 1, "id": ' > "$m2"
refused "truncated manifest" "not a JSON object"
E --project "$p" snapshot list | grep -q "^$sid2 *unreadable" && ok || fail "list does not show the damaged manifest"
cp "$work/manifest.good" "$m2"

# 5. An unpublished generation (what ingest landed) is refused, unless discarded.
E generate --append-day --to "file://$p/raw" > /dev/null 2>&1 || fail "append another day"
E --project "$p" ingest > "$work/ingest.log" 2>&1 || { fail "ingest"; cat "$work/ingest.log"; }
unpub=$(ls "$p/.ecomdw" | grep -E '^gen-[0-9]+\.duckdb$' | sort | tail -1)
[[ "$p/.ecomdw/$unpub" != "$(published)" ]] && ok || fail "ingest left no unpublished generation"
out=$(E --project "$p" snapshot restore "$sid" 2>&1); rc=$?
[[ $rc -eq 3 ]] && grep -q "unpublished generation .*$unpub" <<<"$out" && grep -q -- "--discard-unpublished" <<<"$out" && ok \
  || fail "restore over an unpublished generation: exit $rc: $out"
[[ "$(published)" == "$before" ]] && ok || fail "a refused restore changed the warehouse"
E --project "$p" snapshot restore --discard-unpublished "$sid" > /dev/null 2>&1 && ok || fail "restore --discard-unpublished"
[[ "$(every_table)" == "$tables1" && ! -e "$p/.ecomdw/$unpub" ]] && ok || fail "after discarding: tables or leftover $unpub"

# 6. prune keeps the newest N; ids, flags and targets are checked.
sid3=$(E --project "$p" snapshot create 2> /dev/null) || fail "third create"
E --project "$p" snapshot prune --keep 2 > "$work/prune.txt" 2>&1 && ok || fail "prune"
[[ "$(E --project "$p" --format json snapshot list | json - '[s["id"] for s in d]')" == "['$sid2', '$sid3']" ]] \
  && ok || fail "prune --keep 2 kept: $(E --project "$p" snapshot list)"
E --project "$p" snapshot prune --keep 0 > /dev/null 2>&1; [[ $? -eq 2 ]] && ok || fail "prune --keep 0 is not a usage error"
E --project "$p" snapshot verify ../../etc > /dev/null 2>&1; [[ $? -eq 2 ]] && ok || fail "a malformed id is not a usage error"
E --project "$p" snapshot restore snap-20990101T000000Z-0000 > /dev/null 2>&1; [[ $? -eq 3 ]] && ok || fail "an unknown id"
out=$(E --project "$p" --target postgres snapshot create 2>&1); rc=$?
[[ $rc -eq 2 ]] && grep -q "DuckDB warehouse files only" <<<"$out" && ok || fail "postgres target: exit $rc: $out"
E --project "$p" snapshot > /dev/null 2>&1; [[ $? -eq 2 ]] && ok || fail "snapshot without a subcommand"

echo "snapshot: create ${create_ms} ms, restore ${restore_ms} ms, $(stat -c %s "$copy") bytes, $n_tables tables"
e2e_finish snapshot
