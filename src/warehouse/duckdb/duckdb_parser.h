// DuckDB as ecomdw's SQL parser: the parse tree of a statement, without
// running it. The model runtime finds a model's inputs with it, whatever the
// engine the model later runs on (model SQL is the portable subset, which
// DuckDB parses).
#pragma once

#include <string>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::warehouse {

// json_serialize_sql's JSON for `sql` (on a parse error the JSON says
// "error": true and carries the message). REQUIRES: `duckdb` is a DuckDB
// session (any database; nothing is run); InvalidArgument otherwise.
Result<std::string> DuckDbParseTree(Warehouse& duckdb, const std::string& sql);

}  // namespace ecomdw::warehouse
