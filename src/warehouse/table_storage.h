// The bytes on disk a table's data occupies, for monitoring
// (metrics/warehouse_metrics.h). One typed call whose SQL differs per
// engine, like the EngineAdapter's; each engine's SQL is in
// warehouse/<engine>/<engine>_table_storage.cc.
//
// An estimate where the engine shares storage between tables (DuckDB: the
// distinct blocks holding the table's persistent data times the block size,
// so a block shared by small tables counts for each); exact where it keeps
// files per relation (PostgreSQL: pg_total_relation_size, with indexes and
// TOAST). Read-only.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::warehouse {

// NotFound when schema.table is not a base table; InvalidArgument for an
// engine without an implementation; the engine's errors otherwise.
Result<int64_t> TableStorageBytes(Warehouse& wh, std::string_view schema, std::string_view table);

// The engines' implementations. REQUIRES: schema.table exists.
Result<int64_t> DuckDbTableStorageBytes(Warehouse& wh, std::string_view schema, std::string_view table);
Result<int64_t> PostgresTableStorageBytes(Warehouse& wh, std::string_view schema, std::string_view table);

}  // namespace ecomdw::warehouse
