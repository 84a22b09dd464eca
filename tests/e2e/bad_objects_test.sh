#!/usr/bin/env bash
# Broken objects never stop the load: a truncated gzip, a corrupt gzip, a
# fake Parquet file, binary bytes in a CSV source and JSON lines in a JSON
# array source are each quarantined whole (unreadable_object, object key,
# what was wrong); everything else of the batch is staged. An object that
# yields no valid record is an error of the gate (ops.staged_volume), so the
# build names the five and publishes nothing until the team accepts them
# (the check made a warning); then the batch publishes, the reconciliation
# balances, and later days publish, with or without the broken objects still
# in the bucket.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: bad_objects_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
p="$work/p"
q() { "$ECOMDW" --project "$p" --format jsonl query "$1"; }

"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 6 --days 12 --to "file://$p/raw" > /dev/null 2>&1 || exit 1
raw="$p/raw"
day=dt=2024-01-06
webshop="orders/source=webshop/$day/part-0000.jsonl.gz"
marketplace="orders/source=marketplace/$day/part-0000.csv.gz"
crm="customers/source=crm/$day/customers_delta.csv"
pim=$(cd "$raw" && ls products/source=pim/dt=*/products_*.parquet | sed -n 2p)
# An extra campaigns object (the real ones define campaigns that spend
# references: losing one would fail a relationship check, as it should).
ads="campaigns/source=ads/$day/campaigns_extra.json"
for k in "$webshop" "$marketplace" "$crm" "$pim"; do
  [[ -s "$raw/$k" ]] || { echo "FAIL the generated zone has no $k"; exit 1; }
done
# What the intact objects hold, counted from the files (records: JSON lines,
# CSV rows after the header).
intact_webshop=$(for f in "$raw"/orders/source=webshop/dt=*/*.jsonl.gz; do
  [[ "$f" == "$raw/$webshop" ]] || zcat "$f"; done | grep -c '')
intact_marketplace=$(for f in "$raw"/orders/source=marketplace/dt=*/*.csv.gz; do
  [[ "$f" == "$raw/$marketplace" || ! -s "$f" ]] || zcat "$f" | tail -n +2; done | grep -c '')

# Break them: cut the webshop gzip in half, overwrite the middle of the
# marketplace gzip, replace the PIM Parquet with text, the CRM CSV with binary
# bytes; an extra campaigns object holds JSON lines instead of one array.
size=$(stat -c %s "$raw/$webshop")
head -c $((size / 2)) "$raw/$webshop" > "$work/cut" && mv "$work/cut" "$raw/$webshop"
printf 'garbage%.0s' $(seq 1 40) | dd of="$raw/$marketplace" bs=1 seek=30 conv=notrunc status=none
echo "not a parquet file" > "$raw/$pim"
{ printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR'; head -c 512 /dev/urandom; } > "$raw/$crm"
mkdir -p "$(dirname "$raw/$ads")"
printf '{"campaign_id":"CMP-99999"}\n{"campaign_id":"CMP-99998"}\n' > "$raw/$ads"

"$ECOMDW" --log-level warn --format json --project "$p" build > "$work/b0.json" 2> "$work/b0.log"
rc=$?
[[ $rc -eq 1 ]] && ok || { fail "build with broken objects: exit $rc, want 1"; cat "$work/b0.log"; }
grep -q '"outcome": *"checks_failed"' "$work/b0.json" && ok || fail "broken objects passed the gate: $(cat "$work/b0.json")"
python3 - "$work/b0.json" <<'PY' && ok || fail "the gate does not name the five objects: $(cat "$work/b0.json")"
import json, sys
d = json.load(open(sys.argv[1]))
p = [c for c in d.get("check_problems", []) if c["check"] == "ops.staged_volume.object_yields_records"]
sys.exit(0 if len(p) == 1 and p[0]["failing_rows"] == 5 and p[0]["status"] == "fail" else 1)
PY
[[ ! -e "$p/warehouse.duckdb" ]] && ok || fail "the broken batch was published"
sed -i 's/^name = "object_yields_records"$/name = "object_yields_records"\nseverity = "warn"/' "$p/checks/ops/staged_volume.toml"
"$ECOMDW" --log-level warn --format json --project "$p" build > "$work/b1.json" 2> "$work/b1.log" && ok \
  || { fail "build with broken objects accepted"; cat "$work/b1.log" "$work/b1.json"; }
grep -q '"outcome": *"published"' "$work/b1.json" && ok || fail "first build did not publish: $(cat "$work/b1.json")"

got=$(q "SELECT string_agg(_object_key, ' ' ORDER BY _object_key) AS keys FROM (
  SELECT _object_key, reason FROM quarantine.webshop_orders UNION ALL SELECT _object_key, reason FROM quarantine.marketplace_orders
  UNION ALL SELECT _object_key, reason FROM quarantine.crm_customers UNION ALL SELECT _object_key, reason FROM quarantine.pim_products
  UNION ALL SELECT _object_key, reason FROM quarantine.ads_campaigns) WHERE reason = 'unreadable_object'")
want=$(printf '%s\n' "$ads" "$crm" "$marketplace" "$webshop" "$pim" | sort | paste -sd ' ')
[[ "$got" == "{\"keys\":\"$want\"}" ]] && ok || fail "unreadable objects: $got, want $want"
msgs=$(q "SELECT string_agg(message, ' / ') AS m FROM (SELECT message FROM quarantine.webshop_orders UNION ALL
  SELECT message FROM quarantine.pim_products UNION ALL SELECT message FROM quarantine.crm_customers UNION ALL
  SELECT message FROM quarantine.ads_campaigns) WHERE message LIKE 'unreadable object:%'")
for what in "truncated gzip" "PAR1" "binary content" "not a JSON array"; do
  grep -q "$what" <<<"$msgs" && ok || fail "no message says \"$what\": $msgs"
done
bal=$(q "SELECT count(*) FILTER (WHERE NOT balanced) AS unbalanced, sum(unreadable_objects) AS unreadable FROM ops.reconciliation")
[[ "$bal" == '{"unbalanced":0,"unreadable":5}' ]] && ok || fail "reconciliation: $bal"
# Everything of the intact objects was read (the broken one counts as one record).
n=$(q "SELECT sum(raw_records) AS n FROM ops.reconciliation WHERE source = 'webshop_orders'")
[[ "$n" == "{\"n\":$((intact_webshop + 1))}" ]] && ok || fail "webshop raw records $n, want $intact_webshop + 1"
n=$(q "SELECT sum(raw_records) AS n FROM ops.reconciliation WHERE source = 'marketplace_orders'")
[[ "$n" == "{\"n\":$((intact_marketplace + 1))}" ]] && ok || fail "marketplace raw records $n, want $intact_marketplace + 1"
n=$(q "SELECT count(*) AS n FROM staging.webshop_orders WHERE _object_key = '$webshop'")
[[ "$n" == '{"n":0}' ]] && ok || fail "rows of the truncated object were staged: $n"

# A corrected re-delivery: the FX object of 2024-01-03 re-written with a new
# EUR rate lands as a new version and replaces what the old one staged.
fx="$raw/fx_rates/source=ecb/dt=2024-01-03/rates.csv"
sed -i 's/^2024-01-03,EUR,.*/2024-01-03,EUR,1.234567/' "$fx"
grep -q '^2024-01-03,EUR,1.234567$' "$fx" || fail "the FX object was not rewritten"

# Later days publish, with the broken objects still there ...
"$ECOMDW" --log-level warn generate --to "file://$raw" --append-day > /dev/null 2>&1 || fail "append-day"
"$ECOMDW" --log-level warn --format json --project "$p" build > "$work/b2.json" 2> "$work/b2.log" && ok \
  || { fail "build of the next day"; cat "$work/b2.log"; }
grep -q '"outcome": *"published"' "$work/b2.json" && ok || fail "second build did not publish"
n=$(q "SELECT count(*) AS n FROM staging.webshop_orders WHERE _dt = DATE '2024-01-13'")
[[ "$n" != '{"n":0}' ]] && ok || fail "the appended day was not staged"
n=$(q "SELECT string_agg(CAST(usd_per_unit AS VARCHAR), ' ') AS r, count(*) AS n FROM staging.ecb_fx_rates
  WHERE date = DATE '2024-01-03' AND currency = 'EUR'")
[[ "$n" == '{"r":"1.234567","n":1}' ]] && ok || fail "the corrected FX rate did not arrive: $n"
n=$(q "SELECT sum(replaced_records) AS n, sum(conflicting_records) AS c FROM ops.reconciliation WHERE source = 'ecb_fx_rates'")
[[ "$n" == '{"n":10,"c":0}' ]] && ok || fail "FX correction accounting: $n (want the 10 rows of the old version replaced)"
# ... and once they are removed from the bucket and the landing area.
rm -f "$raw/$webshop" "$raw/$pim"
find "$p/.ecomdw/landing" -path "*part-0000.jsonl.gz" -path "*$day*" -path "*webshop*" -delete 2>/dev/null
"$ECOMDW" --log-level warn generate --to "file://$raw" --append-day > /dev/null 2>&1 || fail "second append-day"
"$ECOMDW" --log-level warn --format json --project "$p" build > "$work/b3.json" 2> "$work/b3.log" && ok \
  || { fail "build after removing the broken objects"; cat "$work/b3.log"; }
n=$(q "SELECT count(*) AS n FROM quarantine.webshop_orders WHERE reason = 'unreadable_object'")
[[ "$n" == '{"n":1}' ]] && ok || fail "the broken object was quarantined again: $n"

e2e_finish "bad objects"
