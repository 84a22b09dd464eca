#include "models/materialize.h"

#include "common/sql_quote.h"

namespace ecomdw::models {
namespace {

using warehouse::Warehouse;

Result<bool> TableExists(Warehouse& wh, const Model& m) {
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult r,
      wh.Query("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2 "
               "AND table_type = 'BASE TABLE'",
               {m.schema, m.name}));
  return std::get<int64_t>(r.Scalar()) > 0;
}

Result<int64_t> CountRows(Warehouse& wh, const std::string& qualified) {
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r, wh.Query("SELECT count(*) FROM " + qualified));
  return std::get<int64_t>(r.Scalar());
}

Status Run(Warehouse& wh, MaterializeOutcome* out, const std::string& sql) {
  out->statements.push_back(sql);
  return wh.Execute(sql);
}

Status MaterializeInTransaction(Warehouse& wh, const Model& m, bool full_refresh, MaterializeOutcome* out) {
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(m.schema, m.name));
  const std::string select = "\n" + m.sql + "\n";
  switch (m.materialization) {
    case Materialization::kView:
      return Run(wh, out, "CREATE OR REPLACE VIEW " + target + " AS" + select);
    case Materialization::kTable: {
      ECOMDW_TRY(Run(wh, out, "CREATE OR REPLACE TABLE " + target + " AS" + select));
      ECOMDW_ASSIGN_OR_RETURN(out->rows_total, CountRows(wh, target));
      out->rows_written = out->rows_total;
      return Status::OK();
    }
    case Materialization::kIncremental: {
      ECOMDW_ASSIGN_OR_RETURN(bool exists, TableExists(wh, m));
      if (!exists || full_refresh) {
        ECOMDW_TRY(Run(wh, out, "CREATE OR REPLACE TABLE " + target + " AS" + select));
        ECOMDW_ASSIGN_OR_RETURN(out->rows_total, CountRows(wh, target));
        out->rows_written = out->rows_total;
        return Status::OK();
      }
      std::string keys;
      for (const std::string& k : m.unique_key) {
        ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(k, "unique_key column"));
        keys += (keys.empty() ? "" : ", ") + q;
      }
      // Sorted by key: DuckDB's deletes and inserts are much faster on
      // clustered input.
      ECOMDW_TRY(Run(wh, out, "CREATE OR REPLACE TEMP TABLE ecomdw_increment AS SELECT * FROM (" + select +
                                  ") ORDER BY " + keys));
      ECOMDW_TRY(Run(wh, out, "DELETE FROM " + target + " WHERE (" + keys + ") IN (SELECT DISTINCT " + keys +
                                  " FROM ecomdw_increment)"));
      ECOMDW_TRY(Run(wh, out, "INSERT INTO " + target + " BY NAME SELECT * FROM ecomdw_increment"));
      ECOMDW_ASSIGN_OR_RETURN(out->rows_written, CountRows(wh, "ecomdw_increment"));
      ECOMDW_TRY(Run(wh, out, "DROP TABLE ecomdw_increment"));
      ECOMDW_ASSIGN_OR_RETURN(out->rows_total, CountRows(wh, target));
      return Status::OK();
    }
  }
  return Status::Internal("unknown materialization");
}

}  // namespace

Result<MaterializeOutcome> Materialize(Warehouse& wh, const Model& m, bool full_refresh) {
  MaterializeOutcome out;
  ECOMDW_TRY(wh.Begin());
  Status s = MaterializeInTransaction(wh, m, full_refresh, &out);
  if (!s.ok()) {
    (void)wh.Rollback();  // the failure we report is `s`; a failed rollback adds nothing
    return s.WithContext(fmt::format("model {} ({})", m.full_name(), m.path));
  }
  Status c = wh.Commit();
  if (!c.ok()) return c.WithContext(fmt::format("model {} ({}): commit", m.full_name(), m.path));
  return out;
}

}  // namespace ecomdw::models
