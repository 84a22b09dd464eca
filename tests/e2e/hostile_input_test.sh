#!/usr/bin/env bash
# Hostile and careless input, end to end through `ecomdw build`:
#   - a touched, copied or untarred bucket lands no object twice and never
#     doubles a quarantine row; a re-delivery with new bytes is a new version;
#   - symbolic links (to a file, to a folder) leading out of a file:// bucket,
#     and names that are not keys (newline, invalid UTF-8), are refused and
#     recorded, never read, and do not stop the build;
#   - a key with glob characters is read as exactly itself;
#   - SQL smuggled into ecomdw.toml (a column type, an explode type, a rule)
#     is refused at config load with file:line:key, and nothing is written.
# $1 is the ecomdw binary.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: hostile_input_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
p="$work/p"
raw="$p/raw"
q() { "$ECOMDW" --project "$p" --format jsonl query "$1"; }
# One value of a one-row, one-column JSON answer.
val() { /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(list(d.values())[0])' "$1"; }
build() { "$ECOMDW" --log-level warn --project "$p" --format json build > "$work/build.json" 2> "$work/build.err"; }
# A field of the last build's JSON report, e.g. ingest.landed.
report() {
  /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[k]
print(d)' "$work/build.json" "$1"
}
quarantined() {
  local sql="" t
  for t in $(q "SELECT string_agg(table_name, ' ') AS t FROM duckdb_tables() WHERE schema_name = 'quarantine'" |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["t"])'); do
    sql+="${sql:+ + }(SELECT count(*) FROM quarantine.$t)"
  done
  val "$(q "SELECT $sql AS n")"
}
ledger_rows() { val "$(q "SELECT count(*) AS n FROM ops.ingest_ledger")"; }

"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 11 --days 30 --to "file://$raw" > /dev/null 2>&1 || exit 1
build && ok || { fail "first build"; cat "$work/build.err"; exit 1; }
objects=$(find "$raw" -type f | wc -l)
[[ $(report ingest.landed) -eq $objects ]] && ok || fail "first ingest landed $(report ingest.landed) of $objects"
q0=$(quarantined)
l0=$(ledger_rows)
f0=$(fingerprint "$ECOMDW" "$p")
[[ $q0 -gt 0 ]] && ok || fail "the generated zone has no quarantined rows to double ($q0)"

# touch, cp without -p, and a tar round trip: new ETags, the same bytes.
same_bytes_build() {
  local what=$1
  build && ok || { fail "$what: build"; cat "$work/build.err"; return; }
  [[ $(report ingest.landed) -eq 0 ]] && ok || fail "$what: landed $(report ingest.landed) objects again"
  [[ $(quarantined) -eq $q0 ]] && ok || fail "$what: quarantine rows $(quarantined), were $q0"
  [[ $(ledger_rows) -eq $l0 ]] && ok || fail "$what: ledger rows $(ledger_rows), were $l0"
  [[ "$(fingerprint "$ECOMDW" "$p")" == "$f0" ]] && ok || fail "$what: the warehouse changed"
}
find "$raw" -type f -exec touch -d '+1 hour' {} +
same_bytes_build touch
seen=$(val "$(q "SELECT count(DISTINCT object_key) AS n FROM ops.ingest_sightings")")
[[ $seen -eq $objects ]] && ok || fail "touch: $seen of $objects objects recorded as seen"
cp -r "$raw" "$p/raw2" && rm -rf "$raw" && mv "$p/raw2" "$raw"
same_bytes_build "cp -r"
tar -C "$p" -cf "$work/raw.tar" raw && rm -rf "$raw" && tar -C "$p" -xf "$work/raw.tar"
same_bytes_build "tar round trip"
build && [[ $(report ingest.unchanged) -eq $objects ]] && ok || fail "a rerun after the round trips is not a no-op: $(report ingest.unchanged) of $objects unchanged"

# A corrected re-delivery: the same key, other bytes, is landed as version 2.
fx=$(find "$raw/fx_rates" -type f -name '*.csv' | sort | tail -1)
fx_key=${fx#"$raw/"}
sed -i '2s/\([0-9]\)$/\17/' "$fx"
build && ok || { fail "re-delivery build"; cat "$work/build.err"; }
[[ $(report ingest.landed) -eq 1 ]] && ok || fail "re-delivery landed $(report ingest.landed)"
v=$(val "$(q "SELECT max(version) AS v FROM ops.ingest_ledger WHERE object_key = '$fx_key' AND state = 'landed'")")
[[ $v -eq 2 ]] && ok || fail "re-delivered $fx_key is at version $v"

# Links out of the bucket, FIFOs and names that are not keys.
crm=$(find "$raw/customers" -mindepth 2 -maxdepth 2 -type d | sort | tail -1)
head -1 "$(find "$crm" -type f | head -1)" > "$work/outside.csv"
echo "C-OUTSIDE-1,outside.marker@example.com,Eve,Out,,1 Secret St,Berlin,10115,Germany,gold,2024-01-01,true,2024-01-01T00:00:00Z" >> "$work/outside.csv"
mkdir -p "$work/outside_dir" && cp "$work/outside.csv" "$work/outside_dir/also.csv"
ln -s "$work/outside.csv" "$crm/linked_out.csv"
ln -s "$work/outside_dir" "$crm/linked_dir"
mkfifo "$crm/a_fifo.csv"
cp "$work/outside.csv" "$crm/$(printf 'new\nline.csv')"
cp "$work/outside.csv" "$crm/$(printf 'latin1_\xe9.csv')"
build && ok || { fail "build with refused entries exits $?"; cat "$work/build.err"; }
refused=$(val "$(q "SELECT count(*) AS n FROM ops.ingest_refusals")")
[[ $refused -eq 5 ]] && ok || fail "refusals recorded: $refused, want 5: $(q "SELECT object_key, reason FROM ops.ingest_refusals")"
leaks=$(val "$(q "SELECT (SELECT count(*) FROM quarantine.crm_customers WHERE raw LIKE '%outside.marker%')
  + (SELECT count(*) FROM staging.crm_customers WHERE email LIKE '%outside.marker%') AS n")")
[[ $leaks -eq 0 ]] && ok || fail "content from outside the bucket was loaded ($leaks rows)"
! grep -rqs "outside.marker" "$p/.ecomdw/landing" && ok || fail "content from outside the bucket landed"

# A key with glob characters: staging reads that object, not its neighbours.
pim=$(find "$raw/products" -type f -name '*.parquet' | sort)
new_dir="$raw/products/source=pim/dt=2099-01-01"
mkdir -p "$new_dir"
cp "$(head -1 <<<"$pim")" "$new_dir/a.parquet"
cp "$(tail -1 <<<"$pim")" "$new_dir/*.parquet"
rows_a=$(val "$(q "SELECT count(*) AS n FROM read_parquet('$(head -1 <<<"$pim")')")")
rows_b=$(val "$(q "SELECT count(*) AS n FROM read_parquet('$(tail -1 <<<"$pim")')")")
build && ok || { fail "glob key build"; cat "$work/build.err"; }
raw_records=$(/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); print(sum(s["raw_records"] for s in d["staging"] if s["source"] == "pim_products"))' \
  "$work/build.json")
[[ $raw_records -eq $((rows_a + rows_b)) ]] && ok || fail "glob key: $raw_records raw records, want $rows_a + $rows_b"
star=$(val "$(q "SELECT count(*) AS n FROM ops.ingest_ledger WHERE landed_path LIKE '%*%'")")
[[ $star -eq 0 ]] && ok || fail "a landed path holds a glob character"

# SQL in ecomdw.toml: refused when the config loads, nothing written.
cp "$p/ecomdw.toml" "$work/ecomdw.toml.good"
expect_config_refused() {
  local what=$1 want=$2 out rc
  out=$(cd "$work" && "$ECOMDW" --project "$p" status 2>&1)
  rc=$?
  [[ $rc -eq 2 ]] && ok || fail "$what: status exit $rc, want 2: $out"
  grep -q "$want" <<<"$out" && ok || fail "$what: message does not name $want: $out"
  out=$(cd "$work" && "$ECOMDW" --project "$p" build 2>&1)
  rc=$?
  [[ $rc -eq 2 ]] && ok || fail "$what: build exit $rc, want 2: $out"
  [[ -z "$(find "$work" "$p" -name 'pwned*' -print -quit)" ]] && ok || fail "$what: a file was written"
  cp "$work/ecomdw.toml.good" "$p/ecomdw.toml"
}
line=$(grep -n '^usd_per_unit = ' "$p/ecomdw.toml" | cut -d: -f1)
sed -i "${line}s/.*/usd_per_unit = \"VARCHAR); COPY (SELECT 'x') TO 'pwned.csv'; --\"/" "$p/ecomdw.toml"
expect_config_refused "column type" "ecomdw.toml:$line: key \"sources.ecb_fx_rates.columns.usd_per_unit\""
line=$(grep -n '^quantity = ' "$p/ecomdw.toml" | head -1 | cut -d: -f1)
sed -i "${line}s/.*/quantity = \"DECIMALL\"/" "$p/ecomdw.toml"
expect_config_refused "explode type" "ecomdw.toml:$line: key \"sources.webshop_orders.explode_columns.quantity\""
line=$(grep -n '^fails_when = ' "$p/ecomdw.toml" | head -1 | cut -d: -f1)
sed -i "${line}s/.*/fails_when = \"true) THEN 'x' END FROM (SELECT 1); COPY (SELECT 1) TO 'pwned.csv'; --\"/" \
  "$p/ecomdw.toml"
expect_config_refused "rule separator" "ecomdw.toml:$line: key \"sources.crm_customers.rules\[0\].fails_when\""
sed -i "${line}s/.*/fails_when = \"EXISTS (SELECT 1 FROM read_text('\/etc\/passwd'))\"/" "$p/ecomdw.toml"
expect_config_refused "rule table function" "staging.<source> only"

e2e_finish "hostile input"
