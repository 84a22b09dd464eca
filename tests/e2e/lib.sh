# Shared helpers of the end-to-end shell tests (sourced, not run).

E2E_TABLES="core.dim_customer core.dim_customer_pii core.dim_date core.dim_marketing_campaign core.dim_product
            core.dim_sales_channel core.fact_campaign_spend core.fact_orders marts.campaign_performance
            marts.cohort_retention marts.customer_value marts.daily_sales_by_channel marts.product_performance"

# fingerprint ECOMDW PROJECT: count and order-independent hash of every core
# and marts table of the published warehouse, as JSON lines. Batch ids differ
# between projects (they carry the ingest time), so columns naming batches
# are left out.
fingerprint() {
  local ecomdw=$1 project=$2 sql="" t
  for t in $E2E_TABLES; do
    sql+="${sql:+ UNION ALL }SELECT '$t' AS t, count(*) AS n, CAST(coalesce(sum(hash(x))::HUGEINT, 0) AS VARCHAR) AS h"
    sql+=" FROM (SELECT COLUMNS(c -> c NOT LIKE '%batch%') FROM $t) x"
  done
  "$ecomdw" --project "$project" --format jsonl query "$sql ORDER BY t"
}

# The frame every e2e test shares. After `e2e_setup`: $work is a fresh
# temporary folder, removed (and background jobs killed) on exit; `ok` and
# `fail MESSAGE` count assertions; `e2e_finish NAME` prints the counts and
# returns non-zero when any assertion failed (call it last).
e2e_setup() {
  work=$(mktemp -d)
  trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
  pass=0
  failures=0
}
ok() { pass=$((pass + 1)); }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
e2e_finish() {
  echo "${1:-e2e}: $pass passed, $failures failed"
  [[ $failures -eq 0 ]]
}
