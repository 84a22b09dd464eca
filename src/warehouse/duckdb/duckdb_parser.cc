#include "warehouse/duckdb/duckdb_parser.h"

namespace ecomdw::warehouse {

Result<std::string> DuckDbParseTree(Warehouse& duckdb, const std::string& sql) {
  if (duckdb.dialect() != "duckdb") {
    return Status::InvalidArgument("model SQL is parsed by DuckDB, not by a {} session", duckdb.dialect());
  }
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r, duckdb.Query("SELECT json_serialize_sql($1::VARCHAR)", {sql}));
  const auto* text = std::get_if<std::string>(&r.Scalar());
  if (!text) return Status::Internal("json_serialize_sql returned no text");
  return *text;
}

}  // namespace ecomdw::warehouse
