// Conversions between Value and DuckDB's C representations. Internal.
#pragma once

#include <duckdb.h>

#include "common/status.h"
#include "warehouse/value.h"

namespace ecomdw::warehouse::duckdb_internal {

// Binds `v` to parameter `index` (1-based) of `stmt`.
Status BindValue(duckdb_prepared_statement stmt, idx_t index, const Value& v);

// Appends `v` as the next column of the appender's current row.
Status AppendValue(duckdb_appender appender, const Value& v);

// Reads row `row` of `vector` (of logical type `type`) into a Value. Types
// without a Value mapping give InvalidArgument naming the column; cast them
// in SQL.
Status ReadVectorValue(duckdb_vector vector, duckdb_logical_type type, idx_t row,
                       const char* column_name, Value* out);

}  // namespace ecomdw::warehouse::duckdb_internal
