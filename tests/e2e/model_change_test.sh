#!/usr/bin/env bash
# Change-aware builds: an edited model is rebuilt in full with everything
# downstream of it, at the next build, and the result equals a clean build of
# the edited project; a build with no change and no new batch rebuilds
# nothing; `plan` and `build --dry-run` say what a build would do and why.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: model_change_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
p="$work/p"
E() { "$ECOMDW" --log-level warn "$@"; }
q() { "$ECOMDW" --project "$p" --format jsonl query "$1"; }
plan_field() { E --project "$p" --format json plan | python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
models_of_last_run() {
  q "SELECT count(*) AS n FROM ops.task_runs WHERE status = 'success' AND run_id = (SELECT run_id FROM ops.runs ORDER BY finished_at DESC LIMIT 1)"
}

E init "$p" > /dev/null
E generate --scale 0.01 --seed 5 --days 15 --to "file://$p/raw" > /dev/null 2>&1 || exit 1
E --project "$p" build > "$work/b1.log" 2>&1 && ok || { fail "first build"; cat "$work/b1.log"; }
all=$(ls "$p"/models/*/*.sql | wc -l)
[[ "$(models_of_last_run)" == "{\"n\":$all}" ]] && ok || fail "first build ran $(models_of_last_run) of $all models"
[[ "$(q "SELECT count(*) AS n FROM ops.model_fingerprints")" == "{\"n\":$all}" ]] && ok || fail "fingerprints after the first build"

# No change, no new batch: nothing is rebuilt, and the plan says so.
[[ "$(plan_field rebuilt_in_full)" == 0 && "$(plan_field other_model_runs)" == 0 ]] && ok || fail "plan of an unchanged project"
out=$(E --project "$p" build 2>&1)
grep -q " 0 models ok, 0 failed, 0 skipped" <<<"$out" && ok || fail "a build with no change ran models: $out"

# A column added to a mart: the next build rebuilds that mart (nothing reads it).
sed -i 's/^       count(\*) AS lines,$/       count(*) AS lines,\n       count(DISTINCT f.customer_key) AS customers,/' \
  "$p/models/marts/daily_sales_by_channel.sql"
grep -q "AS customers" "$p/models/marts/daily_sales_by_channel.sql" || { fail "the edit did not apply"; exit 1; }
plan=$(E --project "$p" plan 2>&1)
grep -Eq "marts.daily_sales_by_channel +rebuild in full +edited" <<<"$plan" && ok || fail "plan does not show the edit: $plan"
[[ "$(plan_field rebuilt_in_full)" == 1 ]] && ok || fail "plan rebuilds $(plan_field rebuilt_in_full) models, want 1"
dry=$(E --project "$p" build --dry-run 2>&1)
[[ "$dry" == "$plan" ]] && ok || fail "build --dry-run differs from plan: $dry"
before=$(readlink "$p/warehouse.duckdb")
out=$(E --project "$p" build 2>&1)
[[ $? -eq 0 ]] && ok || fail "build after the edit: $out"
grep -q " 1 models ok" <<<"$out" && ok || fail "the edited mart was not the one model rebuilt: $out"
grep -Eq "marts.daily_sales_by_channel +edited" <<<"$out" && ok || fail "build does not say why: $out"
n=$(q "SELECT count(*) AS n FROM marts.daily_sales_by_channel WHERE customers BETWEEN 1 AND orders")
rows=$(q "SELECT count(*) AS n FROM marts.daily_sales_by_channel")
[[ "$n" == "$rows" && "$n" != '{"n":0}' ]] && ok || fail "the new column: $n of $rows rows"
[[ "$(readlink "$p/warehouse.duckdb")" != "$before" ]] && ok || fail "the rebuilt mart was not published"

# An incremental staging model edited, and a new day landed at the same time:
# the edited model and everything downstream is rebuilt in full from every
# batch, the rest applies the new day; the result equals a clean build.
sed -i 's/^       trim(brand) AS brand,$/       upper(trim(brand)) AS brand,/' "$p/models/staging/stg_products.sql"
grep -q "upper(trim(brand))" "$p/models/staging/stg_products.sql" || { fail "the second edit did not apply"; exit 1; }
E generate --append-day --to "file://$p/raw" > /dev/null 2>&1 || fail "append-day"
E --project "$p" ingest > /dev/null 2>&1 || fail "ingest the new day"
plan=$(E --project "$p" plan 2>&1)
grep -Eq "staging.stg_products +rebuild in full +edited" <<<"$plan" && ok || fail "plan: stg_products: $plan"
grep -Eq "core.dim_product +rebuild in full +downstream of staging.stg_products" <<<"$plan" && ok || fail "plan: dim_product: $plan"
grep -Eq "core.fact_orders +rebuild in full +downstream of core.dim_product" <<<"$plan" && ok || fail "plan: fact_orders: $plan"
grep -Eq "staging.stg_customers +apply new batches" <<<"$plan" && ok || fail "plan: stg_customers: $plan"
grep -q "landed " <<<"$plan" && ok || fail "plan does not show the landed batch: $plan"
out=$(E --project "$p" build 2>&1)
[[ $? -eq 0 ]] && ok || fail "build after the second edit: $out"
brands=$(q "SELECT count(*) FILTER (WHERE brand <> upper(brand)) AS lower, count(*) AS n FROM core.dim_product WHERE brand IS NOT NULL")
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["lower"] == 0 and d["n"] > 0 else 1)' "$brands" \
  && ok || fail "dim_product not rebuilt from the edited stg_products: $brands"
ran=$(q "SELECT count(*) AS n FROM ops.task_runs WHERE status = 'success' AND model = 'staging.stg_customers' AND run_id = (SELECT run_id FROM ops.runs ORDER BY finished_at DESC LIMIT 1)")
[[ "$ran" == '{"n":1}' ]] && ok || fail "stg_customers did not apply the new day: $ran"
p2="$work/clean"
E init "$p2" > /dev/null
rm -rf "$p2/models" && cp -r "$p/models" "$p2/models" && cp -r "$p/raw" "$p2/raw"
E --project "$p2" build > "$work/clean.log" 2>&1 && ok || { fail "clean build of the edited project"; cat "$work/clean.log"; }
[[ "$(fingerprint "$ECOMDW" "$p")" == "$(fingerprint "$ECOMDW" "$p2")" ]] && ok \
  || fail "change-aware build differs from a clean build of the edited project"

# And then nothing again.
out=$(E --project "$p" build 2>&1)
grep -q " 0 models ok, 0 failed, 0 skipped" <<<"$out" && ok || fail "a build after the rebuild ran models: $out"

e2e_finish "model change"
