#include "warehouse/engine_adapter.h"

#include "common/sql_quote.h"
#include "warehouse/duckdb/duckdb_adapter.h"
#include "warehouse/postgres/postgres_adapter.h"

namespace ecomdw::warehouse {
namespace {

Result<std::string> ColumnList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(n, "column"));
    out += (out.empty() ? "" : ", ") + q;
  }
  return out;
}

}  // namespace

Status EngineAdapter::Run(const std::string& sql) {
  if (log_) log_->push_back(sql);
  return wh_.Execute(sql);
}

Result<int64_t> EngineAdapter::RunCounted(const std::string& sql, const std::vector<Value>& params) {
  if (log_) log_->push_back(sql);
  return wh_.ExecuteParams(sql, params);
}

Result<bool> EngineAdapter::TableExists(std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult r,
      wh_.Query("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2 "
                "AND table_type = 'BASE TABLE' AND table_catalog = current_database()",
                {std::string(schema), std::string(table)}));
  return std::get<int64_t>(r.Scalar()) > 0;
}

Result<std::vector<std::string>> EngineAdapter::ListTables(std::string_view schema) {
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult r,
      wh_.Query("SELECT CAST(table_name AS VARCHAR) FROM information_schema.tables WHERE table_schema = $1 "
                "AND table_type = 'BASE TABLE' AND table_catalog = current_database() ORDER BY 1",
                {std::string(schema)}));
  std::vector<std::string> out;
  for (const Row& row : r.rows) out.push_back(std::get<std::string>(row[0]));
  return out;
}

Result<std::vector<std::string>> EngineAdapter::ListSchemas() {
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult r,
      wh_.Query("SELECT DISTINCT CAST(table_schema AS VARCHAR) FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' AND table_catalog = current_database() "
                "AND table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY 1"));
  std::vector<std::string> out;
  for (const Row& row : r.rows) out.push_back(std::get<std::string>(row[0]));
  return out;
}

Result<std::vector<ColumnInfo>> EngineAdapter::Columns(std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult r,
      wh_.Query("SELECT CAST(column_name AS VARCHAR), CAST(data_type AS VARCHAR) FROM information_schema.columns "
                "WHERE table_schema = $1 AND table_name = $2 AND table_catalog = current_database() "
                "ORDER BY ordinal_position",
                {std::string(schema), std::string(table)}));
  std::vector<ColumnInfo> out;
  for (const Row& row : r.rows) out.push_back({std::get<std::string>(row[0]), std::get<std::string>(row[1])});
  return out;
}

Result<int64_t> EngineAdapter::CountRows(std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified(schema, table));
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r, wh_.Query("SELECT count(*) FROM " + t));
  return std::get<int64_t>(r.Scalar());
}

Status EngineAdapter::CreateSchema(std::string_view schema) {
  ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(schema, "schema"));
  return Run("CREATE SCHEMA IF NOT EXISTS " + q);
}

Status EngineAdapter::DropSchema(std::string_view schema) {
  ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(schema, "schema"));
  return Run("DROP SCHEMA IF EXISTS " + q + " CASCADE");
}

Result<int64_t> EngineAdapter::InsertSelectByName(std::string_view schema, std::string_view table,
                                                  const std::string& select_sql) {
  // The SELECT's column names, without running it: a prepared LIMIT 0.
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, table));
  ECOMDW_ASSIGN_OR_RETURN(QueryResult shape,
                          wh_.Query("SELECT * FROM (\n" + select_sql + "\n) AS ecomdw_source LIMIT 0"));
  ECOMDW_ASSIGN_OR_RETURN(std::string cols, ColumnList(shape.column_names));
  return RunCounted("INSERT INTO " + target + " (" + cols + ") SELECT " + cols + " FROM (\n" + select_sql +
                    "\n) AS ecomdw_source");
}

Result<int64_t> EngineAdapter::CopyRows(std::string_view from_schema, std::string_view from_table,
                                        std::string_view to_schema, std::string_view to_table) {
  ECOMDW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> from_cols, Columns(from_schema, from_table));
  ECOMDW_ASSIGN_OR_RETURN(std::vector<ColumnInfo> to_cols, Columns(to_schema, to_table));
  if (from_cols.empty()) return Status::NotFound("no table {}.{}", from_schema, from_table);
  if (to_cols.empty()) return Status::NotFound("no table {}.{}", to_schema, to_table);
  std::vector<std::string> shared;
  for (const ColumnInfo& t : to_cols) {
    for (const ColumnInfo& f : from_cols) {
      if (f.name == t.name) shared.push_back(t.name);
    }
  }
  if (shared.empty()) return Status::InvalidArgument("{}.{} and {}.{} share no column", from_schema, from_table,
                                                     to_schema, to_table);
  ECOMDW_ASSIGN_OR_RETURN(std::string from, QuoteQualified(from_schema, from_table));
  ECOMDW_ASSIGN_OR_RETURN(std::string to, QuoteQualified(to_schema, to_table));
  ECOMDW_ASSIGN_OR_RETURN(std::string cols, ColumnList(shared));
  ECOMDW_ASSIGN_OR_RETURN(int64_t before, CountRows(to_schema, to_table));
  ECOMDW_TRY(Run("INSERT INTO " + to + " (" + cols + ") SELECT " + cols + " FROM " + from));
  ECOMDW_ASSIGN_OR_RETURN(int64_t after, CountRows(to_schema, to_table));
  return after - before;
}

Result<std::unique_ptr<EngineAdapter>> AdapterFor(Warehouse& wh) {
  if (wh.dialect() == "duckdb") return std::unique_ptr<EngineAdapter>(std::make_unique<DuckDbAdapter>(wh));
  if (wh.dialect() == "postgres") return std::unique_ptr<EngineAdapter>(std::make_unique<PostgresAdapter>(wh));
  return Status::InvalidArgument("no engine adapter for the \"{}\" dialect (known: duckdb, postgres)", wh.dialect());
}

Result<const SqlDialect*> DialectNamed(std::string_view name) {
  if (name == "duckdb") return &DuckDbDialect();
  if (name == "postgres") return &PostgresDialect();
  return Status::InvalidArgument("no SQL dialect \"{}\" (known: duckdb, postgres)", name);
}

}  // namespace ecomdw::warehouse
