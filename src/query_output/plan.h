// Plans how a read-only statement's result is fetched so every column can be
// written faithfully: the engine names each column's type (DuckDB: DESCRIBE),
// columns whose values the Warehouse interface carries exactly are read as
// they are, and every other type is rendered by the engine itself (its text
// form, or to_json for nested types in the JSON formats) by an outer SELECT
// that addresses columns by position, so duplicate names survive.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "query_output/format.h"
#include "warehouse/warehouse.h"

namespace ecomdw::query_output {

struct Plan {
  std::string sql;              // what to run: the statement itself when no column needs the engine's text
  std::vector<Column> columns;  // in result order; their names are the ones to print
};

// Classifies one column type (exposed for tests): which JSON kind, and
// whether the engine must render it as text (`*as_text`).
JsonKind ClassifyType(std::string_view type, bool* as_text);

// REQUIRES: CheckReadOnly(wh, sql) passed. Non-DuckDB targets: the statement
// unchanged, column kinds native.
Result<Plan> PlanQuery(warehouse::Warehouse& wh, std::string_view sql, Format format);

}  // namespace ecomdw::query_output
