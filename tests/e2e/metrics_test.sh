#!/usr/bin/env bash
# e2e: the Prometheus textfile every build and run writes for node_exporter
# (.ecomdw/metrics/ecomdw.prom, or [metrics] textfile), read with the
# reference client's parser (tests/e2e/prom_parse.py). Its numbers are held
# against what is counted here apart from the metrics code: records in the
# raw objects (zcat), objects in the bucket (find), rows of the staging,
# quarantine and core tables (ecomdw query), the generator's defect truth,
# the published link, the build's own run results and the wall clock.
# Then a build with a garbage object fails its gate: the textfile says
# checks_failed with the failing error check, and its published part still
# describes the previous generation; `ecomdw run` after the team accepts the
# object publishes, and the textfile (moved by [metrics] textfile) follows.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: metrics_test.sh PATH_TO_ECOMDW}")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
e2e_setup
finish() { e2e_finish metrics; exit $?; }
/usr/bin/python3 -c 'import prometheus_client' 2> /dev/null \
  || { fail "python3-prometheus-client is not installed: run scripts/setup.sh"; finish; }
p="$work/p"
q() { "$ECOMDW" --project "$p" --format jsonl query "$1"; }
parse() { /usr/bin/python3 "$here/prom_parse.py" "$1" > "$2" 2> "$work/parse.err" || fail "$1 does not parse: $(cat "$work/parse.err")"; }
# verdict FILE: "ok ..." / "FAIL ..." lines of a python judge, counted.
verdict() {
  [[ -s "$1" ]] || fail "the judge of $1 printed nothing (it crashed)"
  while read -r v rest; do if [[ "$v" == ok ]]; then ok; else fail "$rest"; fi; done < "$1"
}

"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 11 --days 10 --to "file://$p/raw" > /dev/null 2>&1 \
  || { fail "generate"; finish; }
raw="$p/raw"
prom="$p/.ecomdw/metrics/ecomdw.prom"
[[ ! -e "$prom" ]] && ok || fail "a textfile before any build"

# Counted from the bucket: objects per source, records of the two order sources.
for prefix in fx_rates/source=ecb customers/source=crm products/source=pim campaigns/source=ads \
              campaign_spend/source=ads orders/source=webshop orders/source=marketplace; do
  echo "$prefix $(find "$raw/$prefix" -type f | wc -l)"
done > "$work/objects.txt"
webshop_lines=$(zcat "$raw"/orders/source=webshop/dt=*/*.jsonl.gz | grep -c '')
marketplace_rows=$(for f in "$raw"/orders/source=marketplace/dt=*/*.csv.gz; do
  [[ ! -s "$f" ]] || zcat "$f" | tail -n +2; done | grep -c '')

t0=$(date +%s.%N)
"$ECOMDW" --log-level warn --format json --project "$p" build > "$work/b1.json" 2> "$work/b1.log" \
  || { fail "first build"; cat "$work/b1.log"; finish; }
t1=$(date +%s.%N)
[[ -s "$prom" ]] && ok || { fail "no textfile at $prom after a build"; finish; }
ls "$p/.ecomdw/metrics" | grep -v '\.prom$' && fail "a temporary file is left beside the textfile" || ok
parse "$prom" "$work/m1.json"
gen1=$(readlink "$p/warehouse.duckdb" | grep -o 'gen-[0-9]*' | grep -o '[0-9]*$')
mtime=$(stat -c %.Y "$prom" 2> /dev/null || stat -c %Y "$prom")

# Counted by SQL over the tables themselves (not ops.*): staged and
# quarantined rows per source and reason, table rows, newest records.
q "SELECT 'staged' AS k, source, '' AS reason, n FROM (
     SELECT 'webshop_orders' AS source, count(DISTINCT (_object_key, _line)) AS n FROM staging.webshop_orders UNION ALL
     SELECT 'marketplace_orders', count(DISTINCT (_object_key, _line)) FROM staging.marketplace_orders UNION ALL
     SELECT 'crm_customers', count(*) FROM staging.crm_customers)
   UNION ALL SELECT 'quarantined', 'webshop_orders', reason, count(*) FROM quarantine.webshop_orders GROUP BY reason
   UNION ALL SELECT 'quarantined', 'crm_customers', reason, count(*) FROM quarantine.crm_customers GROUP BY reason
   UNION ALL SELECT 'rows', 'core', 'fact_orders', count(*) FROM core.fact_orders
   UNION ALL SELECT 'rows', 'marts', 'daily_sales_by_channel', count(*) FROM marts.daily_sales_by_channel
   UNION ALL SELECT 'newest', 'webshop_orders', '', CAST(epoch(max(updated_at)) AS BIGINT) FROM staging.webshop_orders
   UNION ALL SELECT 'newest', 'ecb_fx_rates', '', CAST(epoch(max(_dt)) AS BIGINT) FROM staging.ecb_fx_rates" \
  > "$work/sql1.jsonl" || fail "the counting queries"

/usr/bin/python3 - "$work/m1.json" "$work/b1.json" "$work/objects.txt" "$work/sql1.jsonl" "$webshop_lines" \
  "$marketplace_rows" "$raw.truth/defect_counts.csv" "$gen1" "$t0" "$t1" "$mtime" > "$work/v1" 2>&1 <<'PY'
import csv, json, sys
m = json.load(open(sys.argv[1]))
s, fam = m["samples"], m["families"]
run = json.load(open(sys.argv[2]))
objects = dict(line.split() for line in open(sys.argv[3]))
sql = [json.loads(l) for l in open(sys.argv[4])]
webshop_lines, marketplace_rows = int(sys.argv[5]), int(sys.argv[6])
defects = {(r["defect_class"], r["source"]): int(r["count"]) for r in csv.DictReader(open(sys.argv[7]))}
gen, t0, t1, mtime = int(sys.argv[8]), float(sys.argv[9]), float(sys.argv[10]), float(sys.argv[11])
def check(good, what): print(("ok " if good else "FAIL ") + what)
def get(key, default=None): return s.get(key, default)
prefix_source = {"fx_rates/source=ecb": "ecb_fx_rates", "customers/source=crm": "crm_customers",
                 "products/source=pim": "pim_products", "campaigns/source=ads": "ads_campaigns",
                 "campaign_spend/source=ads": "ads_campaign_spend", "orders/source=webshop": "webshop_orders",
                 "orders/source=marketplace": "marketplace_orders"}

check(fam.get("ecomdw_records_staged", {}).get("type") == "counter", f"records_staged is a counter: {fam.get('ecomdw_records_staged')}")
check(fam.get("ecomdw_table_rows", {}).get("type") == "gauge", "table_rows is a gauge")
check(get('ecomdw_info{project="ecommerce",target="duckdb",version="0.1.0"}') == 1, "ecomdw_info")
check(get('ecomdw_last_build_outcome{outcome="published"}') == 1 and get('ecomdw_last_build_outcome{outcome="failed"}') == 0
      and get('ecomdw_last_build_outcome{outcome="checks_failed"}') == 0, "outcome published")
check(get(f'ecomdw_last_build_info{{outcome="published",run_id="{run["run_id"]}"}}') == 1, f"last build run id {run['run_id']}")
check(get(f'ecomdw_published_run_info{{run_id="{run["run_id"]}"}}') == 1, "the published run is this build")
check(get("ecomdw_published{}") == 1 and get("ecomdw_published_generation{}") == gen, f"published generation {gen}")

# Objects and records, from the bucket.
total = 0
for prefix, n in objects.items():
    src = prefix_source[prefix]
    total += int(n)
    got = get(f'ecomdw_objects_landed_total{{source="{src}"}}')
    check(got == int(n), f"objects landed {src}: {got}, bucket has {n}")
check(get("ecomdw_last_build_objects_landed{}") == total, f"last build landed {get('ecomdw_last_build_objects_landed{}')} of {total}")
got = get('ecomdw_last_build_records_raw{source="webshop_orders"}')
check(got == webshop_lines, f"webshop raw records {got}, the objects hold {webshop_lines} lines")
got = get('ecomdw_last_build_records_raw{source="marketplace_orders"}')
check(got == marketplace_rows, f"marketplace raw records {got}, the objects hold {marketplace_rows} rows")
check(get('ecomdw_records_raw_total{source="webshop_orders"}') == webshop_lines, "webshop raw total (first build = all)")

quarantined = {}
for r in sql:
    k, src, reason, n = r["k"], r["source"], r["reason"], r["n"]
    if k == "staged":
        got, total = get(f'ecomdw_last_build_records_staged{{source="{src}"}}'), get(f'ecomdw_records_staged_total{{source="{src}"}}')
        check(got == n and total == n, f"staged {src}: {got} (total {total}), staging holds {n}")
    elif k == "quarantined":
        quarantined[(src, reason)] = n
        for fam_name in ("ecomdw_last_build_records_quarantined", "ecomdw_records_quarantined_total"):
            got = get(f'{fam_name}{{reason="{reason}",source="{src}"}}')
            check(got == n, f"{fam_name} {src}/{reason}: {got}, quarantine holds {n}")
    elif k == "rows":
        got = get(f'ecomdw_table_rows{{schema="{src}",table="{reason}"}}')
        check(got == n, f"rows of {src}.{reason}: {got}, table holds {n}")
        check(get(f'ecomdw_table_storage_bytes{{schema="{src}",table="{reason}"}}', 0) > 0, f"{src}.{reason} has storage bytes")
    elif k == "newest":
        got = get(f'ecomdw_source_newest_record_timestamp_seconds{{source="{src}"}}')
        check(got == n, f"newest {src} record at {got}, staging's newest at {n}")
        lag = get(f'ecomdw_source_record_lag_seconds{{source="{src}"}}')
        check(lag is not None and abs(n + lag - mtime) < 3, f"{src} lag {lag}: newest + lag = {n + (lag or 0)}, textfile written at {mtime}")
# The generator's truth: each CRM defect injected is quarantined under its
# class as reason, and nothing else is; duplicated and re-sent webshop
# records are dropped as duplicates.
crm_classes = ("malformed", "missing_required", "invalid_email", "invalid_country")
want = {c: defects.get((c, "crm"), 0) for c in crm_classes}
got = {k.split('reason="')[1].split('"')[0]: v for k, v in s.items()
       if k.startswith("ecomdw_last_build_records_quarantined{") and 'source="crm_customers"' in k}
check(sum(want.values()) > 0 and got == {c: n for c, n in want.items() if n > 0}, f"CRM quarantined {got}, truth {want}")
dups = defects.get(("duplicate", "webshop"), 0) + defects.get(("resent", "webshop"), 0)
got = get('ecomdw_last_build_records_duplicate{source="webshop_orders"}')
check(dups > 0 and got >= dups, f"webshop duplicates dropped {got}, truth injected {dups}")
check(get("ecomdw_reconciliation_unbalanced_batches{}") == 0, "reconciliation balances")

# Time: landings within the build, stages summing to its duration.
for src in prefix_source.values():
    at = get(f'ecomdw_source_last_landed_timestamp_seconds{{source="{src}"}}')
    check(at is not None and t0 - 1 <= at <= t1 + 1, f"{src} landed at {at}, build ran {t0}..{t1}")
stages = {k.split('"')[1]: v for k, v in s.items() if k.startswith("ecomdw_last_build_stage_duration_seconds{")}
check(set(stages) == {"prepare", "ingest", "staging", "models", "checks", "publish"}, f"stages {sorted(stages)}")
duration = get("ecomdw_last_build_duration_seconds{}")
check(abs(sum(stages.values()) - duration) < 1e-6 and 0 < duration <= t1 - t0, f"duration {duration}, ran {t1 - t0:.2f} s")
check(abs(get("ecomdw_last_build_timestamp_seconds{}") - mtime) < 3, "build timestamp = when its results were written")
for stage, secs in run["stages"].items():
    check(abs(stages.get(stage, -1) - secs) < 1e-9, f"stage {stage}: {stages.get(stage)} s, run results {secs} s")

# Checks and models, as the build reported them.
c = run["checks"]
check(get('ecomdw_last_build_checks{result="pass"}') == c["passed"] and c["passed"] > 20, f"checks passed {c['passed']}")
check(get('ecomdw_last_build_check_failures{severity="error"}') == 0, "no error check failed")
check(get('ecomdw_last_build_models{status="success"}') == len(run["models"]) > 10, f"{len(run['models'])} models")
check(get("ecomdw_warehouse_bytes{}", 0) > 0, "warehouse bytes")
PY
verdict "$work/v1"

# A garbage object: one unparseable line. The gate fails the build.
last_day=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["last_day"])' "$raw.truth/manifest.json")
bad="$raw/orders/source=webshop/dt=$last_day/part-9999.jsonl.gz"
echo 'this is not json' | gzip > "$bad"
"$ECOMDW" --log-level warn --format json --project "$p" build > "$work/b2.json" 2> "$work/b2.log"
rc=$?
[[ $rc -eq 1 ]] && ok || { fail "build with a garbage object: exit $rc, want 1"; cat "$work/b2.log"; }
parse "$prom" "$work/m2.json"
/usr/bin/python3 - "$work/m1.json" "$work/m2.json" "$work/b1.json" "$work/b2.json" > "$work/v2" 2>&1 <<'PY'
import json, sys
m1, m2 = json.load(open(sys.argv[1]))["samples"], json.load(open(sys.argv[2]))["samples"]
b1, b2 = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
def check(good, what): print(("ok " if good else "FAIL ") + what)
check(m2.get('ecomdw_last_build_outcome{outcome="checks_failed"}') == 1 and m2.get('ecomdw_last_build_outcome{outcome="published"}') == 0,
      "outcome checks_failed")
check(m2.get(f'ecomdw_last_build_info{{outcome="checks_failed",run_id="{b2["run_id"]}"}}') == 1 and b2["run_id"] != b1["run_id"],
      "the failed build's run id")
failing = [c for c in b2.get("check_problems", []) if c["status"] == "fail"]
check(any(c["check"] == "ops.staged_volume.object_yields_records" for c in failing), f"object_yields_records failed: {failing}")
got = m2.get('ecomdw_last_build_check_failures{severity="error"}')
check(got == len(failing) >= 1, f"error check failures {got}, the build names {len(failing)}")
check(m2.get('ecomdw_last_build_checks{result="fail"}') == len(failing), "checks failed")
check(m2.get("ecomdw_last_build_objects_landed{}") == 1, f"one object landed: {m2.get('ecomdw_last_build_objects_landed{}')}")
check(m2.get('ecomdw_last_build_records_raw{source="webshop_orders"}') == 1, "the garbage object's one line was read")
check(m2.get('ecomdw_last_build_records_staged{source="webshop_orders"}') == 0, "nothing of it staged")
q = {k: v for k, v in m2.items() if k.startswith("ecomdw_last_build_records_quarantined{")}
check(sum(q.values()) == 1 and all('source="webshop_orders"' in k for k in q), f"its line quarantined: {q}")
# The published part is the warehouse readers still see: unchanged.
for key in ("ecomdw_published_generation{}", f'ecomdw_published_run_info{{run_id="{b1["run_id"]}"}}',
            'ecomdw_records_raw_total{source="webshop_orders"}', 'ecomdw_table_rows{schema="core",table="fact_orders"}'):
    check(m2.get(key) == m1.get(key) is not None, f"{key}: {m1.get(key)} -> {m2.get(key)} while nothing was published")
PY
verdict "$work/v2"

# The team accepts the object (the check made a warning); `ecomdw run`
# publishes it. The textfile goes where [metrics] textfile says.
sed -i 's/^name = "object_yields_records"$/name = "object_yields_records"\nseverity = "warn"/' "$p/checks/ops/staged_volume.toml"
grep -q '^severity = "warn"' "$p/checks/ops/staged_volume.toml" || fail "could not make the check a warning"
moved="$work/node_exporter/textfile/ecomdw.prom"
sed -i "s|^textfile = .*|textfile = \"$moved\"|" "$p/ecomdw.toml"
grep -q "^textfile = \"$moved\"" "$p/ecomdw.toml" || fail "no [metrics] textfile in ecomdw.toml"
"$ECOMDW" --log-level warn --format json --project "$p" run > "$work/b3.json" 2> "$work/b3.log" && ok \
  || { fail "run after accepting the object"; cat "$work/b3.log"; }
[[ -s "$moved" ]] && ok || { fail "run wrote no textfile at $moved"; finish; }
parse "$moved" "$work/m3.json"
gen3=$(readlink "$p/warehouse.duckdb" | grep -o 'gen-[0-9]*' | grep -o '[0-9]*$')
/usr/bin/python3 - "$work/m1.json" "$work/m3.json" "$work/b3.json" "$gen1" "$gen3" > "$work/v3" 2>&1 <<'PY'
import json, sys
m1, m3 = json.load(open(sys.argv[1]))["samples"], json.load(open(sys.argv[2]))["samples"]
b3 = json.load(open(sys.argv[3]))
gen1, gen3 = int(sys.argv[4]), int(sys.argv[5])
def check(good, what): print(("ok " if good else "FAIL ") + what)
check(m3.get('ecomdw_last_build_outcome{outcome="published"}') == 1, "run published")
check(m3.get(f'ecomdw_published_run_info{{run_id="{b3["run_id"]}"}}') == 1, "the published run is the run")
check(gen3 > gen1 and m3.get("ecomdw_published_generation{}") == gen3, f"generation {gen1} -> {gen3}: {m3.get('ecomdw_published_generation{}')}")
check("ingest" not in {k.split('"')[1] for k in m3 if k.startswith("ecomdw_last_build_stage_duration_seconds{")}, "run has no ingest stage")
key = 'ecomdw_records_raw_total{source="webshop_orders"}'
check(m3.get(key) == m1.get(key) + 1, f"{key}: {m1.get(key)} + the garbage line = {m3.get(key)}")
def quarantined(m): return sum(v for k, v in m.items() if k.startswith("ecomdw_records_quarantined_total{") and 'source="webshop_orders"' in k)
check(quarantined(m3) == quarantined(m1) + 1, f"webshop quarantined total {quarantined(m1)} -> {quarantined(m3)}")
check(m3.get('ecomdw_last_build_check_failures{severity="warn"}', 0) >= 1, "the accepted object is a warning now")
PY
verdict "$work/v3"
finish
