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
  "$ecomdw" --project "$project" --format json query "$sql ORDER BY t"
}
