// Columnar appends through DuckDB's data chunks: ColumnValues copied into
// the vectors of a chunk of the table's own types, 2048 rows at a time, then
// duckdb_append_data_chunk. Internal to warehouse/duckdb/.
#pragma once

#include <duckdb.h>

#include <string>
#include <vector>

#include "common/status.h"
#include "warehouse/column_values.h"

namespace ecomdw::warehouse::duckdb_internal {

// Appends rows [0, rows) of `columns` (one per table column, in order) to
// `appender`. InvalidArgument naming `table` and the column when a value
// kind does not fit the column's type (e.g. text into an INTEGER column).
Status AppendColumnChunks(duckdb_appender appender, const std::vector<const ColumnValues*>& columns, size_t rows,
                          const std::string& table);

}  // namespace ecomdw::warehouse::duckdb_internal
