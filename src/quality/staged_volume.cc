#include "quality/staged_volume.h"

#include "common/sql_quote.h"

namespace ecomdw::quality {
namespace {

Result<bool> Exists(warehouse::Warehouse& wh, const std::string& schema, const std::string& table) {
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r,
                          wh.Query("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND "
                                   "table_name = $2",
                                   {schema, table}));
  return std::get<int64_t>(r.Scalar()) > 0;
}

// Records per (batch, object) of one loader table, over the new batches.
Result<std::string> CountsOf(warehouse::Warehouse& wh, const std::string& schema, const std::string& source) {
  ECOMDW_ASSIGN_OR_RETURN(bool exists, Exists(wh, schema, source));
  if (!exists) return std::string("SELECT CAST(NULL AS VARCHAR) AS b, CAST(NULL AS VARCHAR) AS k, 0 AS n WHERE FALSE");
  ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified(schema, source));
  return "SELECT _batch_id AS b, _object_key AS k, count(*) AS n FROM " + t +
         " WHERE _batch_id IN (SELECT batch_id FROM ecomdw_volume_batches) GROUP BY 1, 2";
}

Status InsertNew(warehouse::Warehouse& wh, const std::vector<std::string>& sources) {
  ECOMDW_TRY(wh.Execute(
      "CREATE OR REPLACE TEMP TABLE ecomdw_volume_batches AS SELECT DISTINCT batch_id FROM ops.reconciliation "
      "WHERE batch_id NOT IN (SELECT DISTINCT batch_id FROM ops.staged_volume)"));
  for (const std::string& source : sources) {
    ECOMDW_ASSIGN_OR_RETURN(std::string staged, CountsOf(wh, "staging", source));
    ECOMDW_ASSIGN_OR_RETURN(std::string quarantined, CountsOf(wh, "quarantine", source));
    ECOMDW_TRY(wh.ExecuteParams(
                     "INSERT INTO ops.staged_volume SELECT l.batch_id, l.source, l.object_key, l.partition_date, "
                     "l.size, coalesce(s.n, 0), coalesce(q.n, 0), $2 FROM ops.ingest_ledger AS l "
                     "LEFT JOIN (" + staged + ") AS s ON s.b = l.batch_id AND s.k = l.object_key "
                     "LEFT JOIN (" + quarantined + ") AS q ON q.b = l.batch_id AND q.k = l.object_key "
                     "WHERE l.state = 'landed' AND l.source = $1 AND l.batch_id IN "
                     "(SELECT batch_id FROM ecomdw_volume_batches)",
                     {source, warehouse::NowTimestamp()})
                   .status());
  }
  return wh.Execute("DROP TABLE ecomdw_volume_batches");
}

}  // namespace

Status RecordStagedVolume(warehouse::Warehouse& wh, const std::vector<std::string>& sources) {
  ECOMDW_TRY(wh.Execute(
      "CREATE SCHEMA IF NOT EXISTS ops;"
      "CREATE TABLE IF NOT EXISTS ops.staged_volume (batch_id VARCHAR NOT NULL, source VARCHAR NOT NULL, "
      "object_key VARCHAR NOT NULL, partition_date DATE, size BIGINT, staged_records BIGINT NOT NULL, "
      "quarantined_records BIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL)"));
  ECOMDW_TRY(wh.Begin());
  Status s = InsertNew(wh, sources);
  if (!s.ok()) {
    (void)wh.Rollback();  // the statement's error is the one to report
    return s.WithContext("recording ops.staged_volume");
  }
  return wh.Commit();
}

}  // namespace ecomdw::quality
