#include "models/materialize.h"

#include "warehouse/engine_adapter.h"

namespace ecomdw::models {
namespace {

using warehouse::EngineAdapter;

Status MaterializeInTransaction(EngineAdapter& db, const Model& m, bool full_refresh, MaterializeOutcome* out) {
  ECOMDW_ASSIGN_OR_RETURN(std::string select, db.ExpandMacros(m.sql, m.path));
  switch (m.materialization) {
    case Materialization::kView:
      return db.ReplaceViewAs(m.schema, m.name, select);
    case Materialization::kTable: {
      ECOMDW_TRY(db.ReplaceTableAs(m.schema, m.name, select));
      ECOMDW_ASSIGN_OR_RETURN(out->rows_total, db.CountRows(m.schema, m.name));
      out->rows_written = out->rows_total;
      return Status::OK();
    }
    case Materialization::kIncremental: {
      ECOMDW_ASSIGN_OR_RETURN(bool exists, db.TableExists(m.schema, m.name));
      if (!exists || full_refresh) {
        ECOMDW_TRY(db.ReplaceTableAs(m.schema, m.name, select));
        ECOMDW_ASSIGN_OR_RETURN(out->rows_total, db.CountRows(m.schema, m.name));
        out->rows_written = out->rows_total;
        return Status::OK();
      }
      ECOMDW_ASSIGN_OR_RETURN(out->rows_written, db.DeleteInsertByKey(m.schema, m.name, m.unique_key, select));
      ECOMDW_ASSIGN_OR_RETURN(out->rows_total, db.CountRows(m.schema, m.name));
      return Status::OK();
    }
  }
  return Status::Internal("unknown materialization");
}

}  // namespace

Result<MaterializeOutcome> Materialize(EngineAdapter& db, const Model& m, bool full_refresh) {
  MaterializeOutcome out;
  db.LogStatementsTo(&out.statements);
  Status s = [&]() -> Status {
    ECOMDW_TRY(db.wh().Begin());
    Status run = MaterializeInTransaction(db, m, full_refresh, &out);
    if (!run.ok()) {
      (void)db.wh().Rollback();  // the failure we report is `run`; a failed rollback adds nothing
      return run.WithContext(fmt::format("model {} ({})", m.full_name(), m.path));
    }
    Status c = db.wh().Commit();
    if (!c.ok()) return c.WithContext(fmt::format("model {} ({}): commit", m.full_name(), m.path));
    return Status::OK();
  }();
  db.LogStatementsTo(nullptr);
  if (!s.ok()) return s;
  return out;
}

Result<MaterializeOutcome> Materialize(warehouse::Warehouse& session, const Model& m, bool full_refresh) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<EngineAdapter> db, warehouse::AdapterFor(session));
  return Materialize(*db, m, full_refresh);
}

}  // namespace ecomdw::models
