#include "report/report_queries.h"

#include <chrono>
#include <set>

#include "common/sql_quote.h"
#include "report/json_values.h"

namespace ecomdw::report {
namespace {

struct NamedQuery {
  const char* name;
  std::string sql;
  std::vector<warehouse::Value> params;
};

// Top-N sizes of the ranked charts, bound as parameters.
constexpr int64_t kTopProducts = 10;
constexpr int64_t kTopCampaigns = 15;

std::vector<NamedQuery> BusinessQueries() {
  return {
      // Revenue and orders over the orders that count in revenue (the mart
      // equals the generator's revenue_daily.csv); customers with at least one
      // such order; return rate = returned orders / (revenue + returned).
      {"kpis",
       "WITH s AS (SELECT sum(net_revenue_usd) AS revenue_usd, sum(orders) AS orders, min(order_date) AS first_day, "
       "max(order_date) AS last_day FROM marts.daily_sales_by_channel), "
       "c AS (SELECT count(*) AS customers FROM marts.customer_value WHERE orders > 0), "
       "r AS (SELECT count(DISTINCT order_id) FILTER (WHERE is_returned) AS returned_orders, "
       "count(DISTINCT order_id) FILTER (WHERE is_returned OR counts_in_revenue) AS delivered_or_returned "
       "FROM core.fact_orders) "
       "SELECT CAST(coalesce(s.revenue_usd, 0) AS DECIMAL(18, 2)) AS revenue_usd, coalesce(s.orders, 0) AS orders, "
       "CAST(CASE WHEN s.orders > 0 THEN s.revenue_usd / s.orders END AS DECIMAL(18, 2)) AS aov_usd, "
       "c.customers, r.returned_orders, "
       "CAST(CASE WHEN r.delivered_or_returned > 0 THEN r.returned_orders / r.delivered_or_returned END "
       "AS DECIMAL(9, 4)) AS return_rate, s.first_day, s.last_day FROM s, c, r",
       {}},
      {"revenue_by_day_channel",
       "SELECT order_date, channel, orders, net_revenue_usd FROM marts.daily_sales_by_channel ORDER BY order_date, "
       "channel",
       {}},
      {"campaigns",
       "SELECT campaign_id, campaign_name, marketing_channel, orders, revenue_usd, spend_usd, roas, new_customers, "
       "cac_usd FROM marts.campaign_performance WHERE spend_usd > 0 ORDER BY roas DESC NULLS LAST, campaign_id "
       "LIMIT $1",
       {kTopCampaigns}},
      {"top_products",
       "SELECT sku, product_name, brand, category, units_sold, net_revenue_usd, margin_usd, return_rate "
       "FROM marts.product_performance ORDER BY net_revenue_usd DESC, sku LIMIT $1",
       {kTopProducts}},
      {"categories",
       "SELECT coalesce(category, '(unknown)') AS category, sum(units_sold) AS units_sold, "
       "CAST(sum(net_revenue_usd) AS DECIMAL(18, 2)) AS net_revenue_usd, "
       "CAST(sum(margin_usd) AS DECIMAL(18, 2)) AS margin_usd FROM marts.product_performance "
       "GROUP BY ALL ORDER BY net_revenue_usd DESC, category",
       {}},
      {"rfm_segments",
       "SELECT rfm_segment, count(*) AS customers, CAST(sum(lifetime_value_usd) AS DECIMAL(18, 2)) AS "
       "lifetime_value_usd FROM marts.customer_value WHERE orders > 0 GROUP BY rfm_segment "
       "ORDER BY customers DESC, rfm_segment",
       {}},
      {"cohorts",
       "SELECT cohort_month, month_number, cohort_size, active_customers, retention_rate "
       "FROM marts.cohort_retention ORDER BY cohort_month, month_number",
       {}},
  };
}

std::vector<NamedQuery> QualityQueries() {
  return {
      // The build that published this warehouse recorded itself before the
      // publish, so it is the newest row of ops.runs.
      {"last_build",
       "SELECT run_id, outcome, started_at, finished_at, batches_applied, error FROM ops.runs "
       "ORDER BY finished_at DESC, run_id DESC LIMIT 1",
       {}},
      {"checks",
       "SELECT check_name, table_name, check_type, severity, status, failing_rows, error FROM ops.check_results "
       "WHERE run_id = (SELECT run_id FROM ops.runs ORDER BY finished_at DESC, run_id DESC LIMIT 1) "
       "ORDER BY CASE status WHEN 'error' THEN 0 WHEN 'fail' THEN 1 WHEN 'warn' THEN 2 ELSE 3 END, table_name, "
       "check_name",
       {}},
      {"quarantine",
       "SELECT source, reason, sum(records) AS records FROM ops.quarantine_summary GROUP BY source, reason "
       "ORDER BY records DESC, source, reason",
       {}},
      {"reconciliation",
       "SELECT source, count(DISTINCT batch_id) AS batches, sum(objects) AS objects, sum(raw_records) AS "
       "raw_records, sum(staged_records) AS staged_records, sum(quarantined_records) AS quarantined_records, "
       "sum(duplicate_records) AS duplicate_records, coalesce(sum(unreadable_objects), 0) AS unreadable_objects, "
       "bool_and(balanced) AS balanced, max(loaded_at) AS last_loaded_at FROM ops.reconciliation "
       "GROUP BY source ORDER BY source",
       {}},
  };
}

// One row per source with a staging table: the newest partition date staged
// and the newest order date in the facts. Table names come from the config and
// go through QuoteQualified; a source that never loaded has no table yet.
Result<NamedQuery> FreshnessQuery(warehouse::Warehouse& wh, const std::vector<config::Source>& sources) {
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult existing,
                          wh.Query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'staging'"));
  std::set<std::string> tables;
  for (const auto& row : existing.rows) tables.insert(warehouse::ValueToString(row[0]));
  std::string sql;
  std::vector<warehouse::Value> params;
  for (const config::Source& s : sources) {
    if (!tables.count(s.name)) continue;
    ECOMDW_ASSIGN_OR_RETURN(std::string table, QuoteQualified("staging", s.name));
    params.emplace_back(s.name);
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "SELECT $" + std::to_string(params.size()) + " AS source, max(_dt) AS newest_partition, count(*) AS " +
           "staged_rows FROM " + table;
  }
  if (sql.empty()) return NamedQuery{"freshness", "SELECT NULL AS source WHERE false", {}};
  sql = "SELECT f.source, f.newest_partition, f.staged_rows, (SELECT max(order_date) FROM core.fact_orders) "
        "AS newest_order_date FROM (" + sql + ") AS f ORDER BY f.source";
  return NamedQuery{"freshness", std::move(sql), std::move(params)};
}

}  // namespace

Result<ReportData> RunReportQueries(warehouse::Warehouse& wh, const std::vector<config::Source>& sources) {
  std::vector<NamedQuery> queries = BusinessQueries();
  for (NamedQuery& q : QualityQueries()) queries.push_back(std::move(q));
  ECOMDW_ASSIGN_OR_RETURN(NamedQuery freshness, FreshnessQuery(wh, sources));
  queries.push_back(std::move(freshness));

  ReportData data;
  for (const NamedQuery& q : queries) {
    auto t0 = std::chrono::steady_clock::now();
    Result<warehouse::QueryResult> r = wh.Query(q.sql, q.params);
    if (!r.ok()) return r.status().WithContext(fmt::format("report query {}", q.name));
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ECOMDW_ASSIGN_OR_RETURN(data.datasets[q.name], RowsToJson(*r));
    data.timings.push_back({q.name, ms, r->rows.size()});
  }
  return data;
}

}  // namespace ecomdw::report
