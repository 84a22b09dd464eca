// ops.check_results: one row per check and run, appended (history).
#include <nlohmann/json.hpp>

#include "quality/check_results.h"

namespace ecomdw::quality {

Status EnsureCheckResultsTable(warehouse::Warehouse& wh) {
  return wh.Execute(
      "CREATE SCHEMA IF NOT EXISTS ops;"
      "CREATE TABLE IF NOT EXISTS ops.check_results (run_id VARCHAR NOT NULL, check_name VARCHAR NOT NULL, "
      "table_name VARCHAR NOT NULL, check_type VARCHAR NOT NULL, severity VARCHAR NOT NULL, status VARCHAR NOT NULL, "
      "failing_rows BIGINT NOT NULL, sample VARCHAR, error VARCHAR, duration_ms DOUBLE, checked_at TIMESTAMP NOT NULL, "
      "check_sql VARCHAR)");
}

Status RecordCheckResults(warehouse::Warehouse& wh, const CheckRunSummary& summary, bool in_transaction) {
  ECOMDW_TRY(EnsureCheckResultsTable(wh));
  if (!in_transaction) ECOMDW_TRY(wh.Begin());
  Status s;
  for (const CheckResult& r : summary.results) {
    auto n = wh.ExecuteParams(
        "INSERT INTO ops.check_results VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        "CAST(now() AS TIMESTAMP), $11)",
        {summary.run_id, r.check.name, r.check.table_name(), std::string(CheckTypeName(r.check.type)),
         std::string(SeverityName(r.check.severity)), std::string(CheckStatusName(r.status)), r.failing_rows,
         r.sample_json, r.error.empty() ? warehouse::Value() : warehouse::Value(r.error), r.duration_ms,
         r.check.sql});
    if (!n.ok()) {
      s = n.status().WithContext("recording check results in ops.check_results");
      break;
    }
  }
  if (in_transaction) return s;
  if (!s.ok()) {
    (void)wh.Rollback();  // the insert's error is the one to report
    return s;
  }
  return wh.Commit();
}

std::string SampleToJson(const warehouse::QueryResult& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const warehouse::Row& row : rows.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t i = 0; i < row.size() && i < rows.column_names.size(); ++i) {
      const warehouse::Value& v = row[i];
      nlohmann::ordered_json& slot = obj[rows.column_names[i]];
      if (warehouse::IsNull(v)) {
        slot = nullptr;
      } else if (const bool* b = std::get_if<bool>(&v)) {
        slot = *b;
      } else if (const int64_t* i64 = std::get_if<int64_t>(&v)) {
        slot = *i64;
      } else if (const double* d = std::get_if<double>(&v)) {
        slot = *d;
      } else {
        slot = warehouse::ValueToString(v);  // text, dates, exact decimals, blobs
      }
    }
    out.push_back(std::move(obj));
  }
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace ecomdw::quality
