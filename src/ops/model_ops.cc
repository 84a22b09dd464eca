#include "ops/model_ops.h"

namespace ecomdw::ops {
namespace {

using warehouse::EngineAdapter;
using warehouse::QueryResult;
using warehouse::Value;

Result<std::vector<std::string>> BatchIds(EngineAdapter& db, const std::string& sql) {
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r, db.wh().Query(sql));
  std::vector<std::string> out;
  for (const warehouse::Row& row : r.rows) out.push_back(warehouse::ValueToString(row[0]));
  return out;
}

}  // namespace

Status EnsureModelOpsTables(EngineAdapter& db) {
  // DOUBLE PRECISION and VARCHAR: type names both engines spell alike.
  ECOMDW_TRY(db.CreateSchema("ops"));
  return db.wh().Execute(
      "CREATE TABLE IF NOT EXISTS ops.pending_batches (batch_id VARCHAR);"
      "CREATE TABLE IF NOT EXISTS ops.modelled_batches (batch_id VARCHAR, run_id VARCHAR, modelled_at TIMESTAMP);"
      "CREATE TABLE IF NOT EXISTS ops.task_runs (run_id VARCHAR, model VARCHAR, materialization VARCHAR, "
      "started_at TIMESTAMP, finished_at TIMESTAMP, seconds DOUBLE PRECISION, rows_written BIGINT, "
      "rows_total BIGINT, status VARCHAR, error VARCHAR);"
      "CREATE TABLE IF NOT EXISTS ops.query_history (run_id VARCHAR, model VARCHAR, started_at TIMESTAMP, "
      "sql VARCHAR);");
}

Result<std::vector<std::string>> SetPendingBatches(EngineAdapter& db, bool all) {
  ECOMDW_TRY(EnsureModelOpsTables(db));
  ECOMDW_TRY(db.wh().Execute("DELETE FROM ops.pending_batches"));
  std::string staged = all ? "SELECT DISTINCT batch_id FROM ops.reconciliation"
                           : "SELECT DISTINCT batch_id FROM ops.reconciliation WHERE batch_id NOT IN "
                             "(SELECT batch_id FROM ops.modelled_batches)";
  ECOMDW_TRY(db.wh().Execute("INSERT INTO ops.pending_batches (batch_id) " + staged));
  return PendingBatches(db);
}

Status ReplacePendingBatches(EngineAdapter& db, const std::vector<std::string>& batches) {
  ECOMDW_TRY(EnsureModelOpsTables(db));
  ECOMDW_TRY(db.wh().Execute("DELETE FROM ops.pending_batches"));
  for (const std::string& b : batches) {
    ECOMDW_TRY(db.wh().ExecuteParams("INSERT INTO ops.pending_batches (batch_id) VALUES ($1)", {b}).status());
  }
  return Status::OK();
}

Result<std::vector<std::string>> PendingBatches(EngineAdapter& db) {
  return BatchIds(db, "SELECT batch_id FROM ops.pending_batches ORDER BY 1");
}

Status MarkPendingModelled(EngineAdapter& db, const std::string& run_id) {
  return db.wh()
      .ExecuteParams("INSERT INTO ops.modelled_batches (batch_id, run_id, modelled_at) SELECT batch_id, $1, $2 FROM "
                     "ops.pending_batches WHERE batch_id NOT IN (SELECT batch_id FROM ops.modelled_batches)",
                     {run_id, warehouse::NowTimestamp()})
      .status();
}

Status RecordTask(EngineAdapter& db, const TaskRecord& t, const std::vector<std::string>& statements) {
  ECOMDW_TRY(db.wh()
                 .ExecuteParams("INSERT INTO ops.task_runs (run_id, model, materialization, started_at, finished_at, "
                                "seconds, rows_written, rows_total, status, error) "
                                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                {t.run_id, t.model, t.materialization, t.started_at, t.finished_at, t.seconds,
                                 t.rows_written, t.rows_total, t.status, t.error.empty() ? Value{} : Value{t.error}})
                 .status());
  for (const std::string& sql : statements) {
    ECOMDW_TRY(db.wh()
                   .ExecuteParams("INSERT INTO ops.query_history (run_id, model, started_at, sql) VALUES ($1, $2, $3, $4)",
                                  {t.run_id, t.model, t.started_at, sql})
                   .status());
  }
  return Status::OK();
}

}  // namespace ecomdw::ops
