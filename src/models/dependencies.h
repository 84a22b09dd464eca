// What a SELECT reads, found by DuckDB's own parser (json_serialize_sql),
// so models need no template language to declare their inputs.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::models {

// Every schema-qualified base table `sql` reads ("schema.table", sorted,
// unique). Unqualified names (CTEs, table functions) are not listed.
// InvalidArgument with DuckDB's parser message when `sql` does not parse.
// REQUIRES: `parser` is a DuckDB session (any database; nothing is run).
Result<std::vector<std::string>> TablesReadBy(warehouse::Warehouse& parser, const std::string& sql);

}  // namespace ecomdw::models
