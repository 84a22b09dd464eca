#include "metrics/warehouse_metrics.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "common/sql_quote.h"
#include "warehouse/engine_adapter.h"
#include "warehouse/table_storage.h"

namespace ecomdw::metrics {
namespace {

using warehouse::EngineAdapter;
using warehouse::QueryResult;
using warehouse::Value;

// Numbers, timestamps (seconds) and dates (midnight UTC, seconds) as one
// double; NULL as nullopt.
std::optional<double> AsNumber(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* dec = std::get_if<warehouse::Decimal>(&v)) {
    double x = static_cast<double>(dec->unscaled);
    for (int i = 0; i < dec->scale; ++i) x /= 10;
    return x;
  }
  if (const auto* ts = std::get_if<warehouse::Timestamp>(&v)) return static_cast<double>(ts->micros) / 1e6;
  if (const auto* date = std::get_if<warehouse::Date>(&v)) return static_cast<double>(date->days) * 86400.0;
  return std::nullopt;
}

std::string AsText(const Value& v) { return warehouse::ValueToString(v); }

Family Make(std::string name, MetricType type, std::string help) {
  return Family{.name = std::move(name), .help = std::move(help), .type = type, .samples = {}};
}

Result<QueryResult> Run(warehouse::Warehouse& wh, const char* what, const std::string& sql,
                        const std::vector<Value>& params = {}) {
  Result<QueryResult> r = wh.Query(sql, params);
  if (!r.ok()) return r.status().WithContext(fmt::format("metrics: {}", what));
  return r;
}

Status Reconciliation(EngineAdapter& db, std::vector<Family>* out) {
  Family raw = Make("ecomdw_records_raw_total", MetricType::kCounter,
                    "Raw records read per source over the warehouse's life (= staged + quarantined + duplicate)");
  Family staged = Make("ecomdw_records_staged_total", MetricType::kCounter,
                       "Records staged per source over the warehouse's life (re-delivered versions included)");
  Family duplicates = Make("ecomdw_records_duplicate_total", MetricType::kCounter,
                           "Exact duplicate records dropped per source over the warehouse's life");
  Family quarantined = Make("ecomdw_records_quarantined_total", MetricType::kCounter,
                            "Records quarantined per source and reason over the warehouse's life");
  Family unbalanced = Make("ecomdw_reconciliation_unbalanced_batches", MetricType::kGauge,
                           "Batch and source pairs whose raw records do not equal staged + quarantined + duplicate");
  ECOMDW_ASSIGN_OR_RETURN(bool has_reconciliation, db.TableExists("ops", "reconciliation"));
  if (has_reconciliation) {
    ECOMDW_ASSIGN_OR_RETURN(
        QueryResult r, Run(db.wh(), "records per source",
                           "SELECT source, CAST(sum(raw_records) AS BIGINT), CAST(sum(staged_records) AS BIGINT), "
                           "CAST(sum(duplicate_records) AS BIGINT) FROM ops.reconciliation GROUP BY source "
                           "ORDER BY source"));
    for (const auto& row : r.rows) {
      raw.Add({{"source", AsText(row[0])}}, AsNumber(row[1]).value_or(0));
      staged.Add({{"source", AsText(row[0])}}, AsNumber(row[2]).value_or(0));
      duplicates.Add({{"source", AsText(row[0])}}, AsNumber(row[3]).value_or(0));
    }
    ECOMDW_ASSIGN_OR_RETURN(QueryResult u, Run(db.wh(), "unbalanced batches",
                                               "SELECT count(*) FROM ops.reconciliation WHERE NOT balanced"));
    unbalanced.Add({}, AsNumber(u.Scalar()).value_or(0));
  }
  ECOMDW_ASSIGN_OR_RETURN(bool has_quarantine, db.TableExists("ops", "quarantine_summary"));
  if (has_quarantine) {
    ECOMDW_ASSIGN_OR_RETURN(
        QueryResult q, Run(db.wh(), "quarantine per source and reason",
                           "SELECT source, reason, CAST(sum(records) AS BIGINT) FROM ops.quarantine_summary "
                           "GROUP BY source, reason ORDER BY source, reason"));
    for (const auto& row : q.rows) {
      quarantined.Add({{"source", AsText(row[0])}, {"reason", AsText(row[1])}}, AsNumber(row[2]).value_or(0));
    }
  }
  for (Family* f : {&raw, &staged, &duplicates, &quarantined, &unbalanced}) out->push_back(std::move(*f));
  return Status::OK();
}

Status Landed(EngineAdapter& db, double now, std::vector<Family>* out) {
  Family objects = Make("ecomdw_objects_landed_total", MetricType::kCounter,
                        "Objects fetched from the bucket per source over the warehouse's life");
  Family bytes = Make("ecomdw_bytes_landed_total", MetricType::kCounter,
                      "Bytes fetched from the bucket per source over the warehouse's life");
  Family last = Make("ecomdw_source_last_landed_timestamp_seconds", MetricType::kGauge,
                     "When an object of the source last landed (Unix time)");
  Family lag = Make("ecomdw_source_landed_lag_seconds", MetricType::kGauge,
                    "Seconds since an object of the source last landed");
  ECOMDW_ASSIGN_OR_RETURN(bool has_ledger, db.TableExists("ops", "ingest_ledger"));
  if (has_ledger) {
    ECOMDW_ASSIGN_OR_RETURN(
        QueryResult r, Run(db.wh(), "landed objects per source",
                           "SELECT source, count(*), CAST(sum(size) AS BIGINT), max(landed_at) FROM ops.ingest_ledger "
                           "WHERE state = $1 GROUP BY source ORDER BY source",
                           {Value(std::string("landed"))}));
    for (const auto& row : r.rows) {
      Labels source = {{"source", AsText(row[0])}};
      objects.Add(source, AsNumber(row[1]).value_or(0));
      bytes.Add(source, AsNumber(row[2]).value_or(0));
      if (std::optional<double> at = AsNumber(row[3])) {
        last.Add(source, *at);
        lag.Add(source, now - *at);
      }
    }
  }
  for (Family* f : {&objects, &bytes, &last, &lag}) out->push_back(std::move(*f));
  return Status::OK();
}

Status NewestRecords(EngineAdapter& db, const config::Config& config, double now, std::vector<Family>* out) {
  Family newest = Make("ecomdw_source_newest_record_timestamp_seconds", MetricType::kGauge,
                       "The newest staged record of the source (its updated_at column, or its partition date when "
                       "the contract has none; Unix time)");
  Family lag = Make("ecomdw_source_record_lag_seconds", MetricType::kGauge,
                    "Seconds since the newest staged record of the source");
  for (const config::Source& s : config.sources) {
    ECOMDW_ASSIGN_OR_RETURN(std::vector<warehouse::ColumnInfo> columns, db.Columns("staging", s.name));
    if (columns.empty()) continue;  // never loaded
    bool has_updated_at = !s.updated_at.empty() &&
                          std::any_of(columns.begin(), columns.end(),
                                      [&](const warehouse::ColumnInfo& c) { return c.name == s.updated_at; });
    ECOMDW_ASSIGN_OR_RETURN(std::string table, QuoteQualified("staging", s.name));
    ECOMDW_ASSIGN_OR_RETURN(std::string column, QuoteIdentifier(has_updated_at ? s.updated_at : "_dt", "column"));
    ECOMDW_ASSIGN_OR_RETURN(QueryResult r,
                            Run(db.wh(), "newest staged record", "SELECT max(" + column + ") FROM " + table));
    if (std::optional<double> at = AsNumber(r.Scalar())) {
      newest.Add({{"source", s.name}}, *at);
      lag.Add({{"source", s.name}}, now - *at);
    }
  }
  out->push_back(std::move(newest));
  out->push_back(std::move(lag));
  return Status::OK();
}

Status Tables(EngineAdapter& db, std::vector<Family>* out) {
  Family rows = Make("ecomdw_table_rows", MetricType::kGauge, "Rows per table of the core, marts and staging schemas");
  Family bytes = Make("ecomdw_table_storage_bytes", MetricType::kGauge,
                      "Bytes of storage holding each table's data (DuckDB: its blocks; a block shared by small "
                      "tables counts for each)");
  for (const char* schema : {"core", "marts", "staging"}) {
    ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> tables, db.ListTables(schema));
    for (const std::string& t : tables) {
      Labels labels = {{"schema", schema}, {"table", t}};
      ECOMDW_ASSIGN_OR_RETURN(int64_t n, db.CountRows(schema, t));
      ECOMDW_ASSIGN_OR_RETURN(int64_t b, warehouse::TableStorageBytes(db.wh(), schema, t));
      rows.Add(labels, static_cast<double>(n));
      bytes.Add(labels, static_cast<double>(b));
    }
  }
  ECOMDW_ASSIGN_OR_RETURN(warehouse::DatabaseSize size, db.Size());
  out->push_back(Make("ecomdw_warehouse_bytes", MetricType::kGauge, "Size of the published warehouse on disk")
                     .Add({}, static_cast<double>(size.bytes)));
  out->push_back(std::move(rows));
  out->push_back(std::move(bytes));
  return Status::OK();
}

Status PublishedRunFamilies(EngineAdapter& db, std::vector<Family>* out) {
  Family info = Make("ecomdw_published_run_info", MetricType::kGauge,
                     "The run that published the warehouse readers see (always 1)");
  Family at = Make("ecomdw_published_run_timestamp_seconds", MetricType::kGauge,
                   "When the run that published the warehouse finished (Unix time)");
  ECOMDW_ASSIGN_OR_RETURN(std::optional<PublishedRun> run, LatestPublishedRun(db.wh()));
  if (run) {
    info.Add({{"run_id", run->run_id}}, 1);
    at.Add({}, run->finished_at);
  }
  out->push_back(std::move(info));
  out->push_back(std::move(at));
  return Status::OK();
}

}  // namespace

Result<std::optional<PublishedRun>> LatestPublishedRun(warehouse::Warehouse& wh) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<EngineAdapter> db, warehouse::AdapterFor(wh));
  ECOMDW_ASSIGN_OR_RETURN(bool has_runs, db->TableExists("ops", "runs"));
  if (!has_runs) return std::optional<PublishedRun>();
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r, Run(wh, "published run",
                                             "SELECT run_id, finished_at FROM ops.runs WHERE outcome = $1 "
                                             "ORDER BY finished_at DESC, run_id DESC LIMIT 1",
                                             {Value(std::string("published"))}));
  if (r.rows.empty()) return std::optional<PublishedRun>();
  return std::optional<PublishedRun>(
      PublishedRun{.run_id = AsText(r.rows[0][0]), .finished_at = AsNumber(r.rows[0][1]).value_or(0)});
}

Result<std::vector<Family>> PublishedFamilies(warehouse::Warehouse& wh, const config::Config& config, double now) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<EngineAdapter> db, warehouse::AdapterFor(wh));
  std::vector<Family> out;
  ECOMDW_TRY(PublishedRunFamilies(*db, &out));
  ECOMDW_TRY(Reconciliation(*db, &out));
  ECOMDW_TRY(Landed(*db, now, &out));
  ECOMDW_TRY(NewestRecords(*db, config, now, &out));
  ECOMDW_TRY(Tables(*db, &out));
  return out;
}

}  // namespace ecomdw::metrics
